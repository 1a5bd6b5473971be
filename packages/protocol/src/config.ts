import { type Address, normalizeAddress } from "./bytes.ts";
import { BaseError } from "./errors.ts";

/** The chain parameters of a deployment (docs/protocol.md §1): fixed at deploy time. */
export type ChainConfig = {
  readonly chainId: bigint;
  readonly feeVault: Address;
};

export class ChainConfigError extends BaseError {
  override name = "ChainConfigError";
}

export function createChainConfig(input: { chainId: bigint; feeVault: string }): ChainConfig {
  if (input.chainId <= 0n || input.chainId >= 1n << 64n) {
    throw new ChainConfigError("chain id must be between 1 and 2^64-1", {
      details: { chainId: input.chainId },
    });
  }
  return { chainId: input.chainId, feeVault: normalizeAddress(input.feeVault) };
}
