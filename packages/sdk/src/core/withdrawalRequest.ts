import {
  GAS_WITHDRAWAL,
  isTokenAddress,
  L2_BRIDGE_ADDRESS,
  l2TokenAddress,
  requiredGas,
} from "@halcyon/protocol";
import { type Address, encodeFunctionData, type Hex, isAddress, parseAbi } from "viem";
import { InvalidArgumentError } from "../errors.ts";
import { assertPositiveAmount } from "../internal/assertPositiveAmount.ts";

// The L2 transactions that withdraw (docs/protocol.md §3.5), for both clients: where they go, what they
// carry and the gas the protocol charges for them.

/** Fee and nonce overrides; by default the client fills them. */
type TransactionOverrides = {
  readonly maxFeePerGas?: bigint;
  readonly maxPriorityFeePerGas?: bigint;
  readonly nonce?: number;
};

export type WithdrawEthParameters = TransactionOverrides & {
  /** Wei to withdraw; paid on L1 to the same address as the sender (docs/protocol.md §3.5). */
  readonly amount: bigint;
};

export type WithdrawTokenParameters = (
  | { /** The token on L1; its L2 address is derived. */ readonly l1Token: Address }
  | { /** The bridged token's L2 address (prefix 0x4a1c7070). */ readonly l2Token: Address }
) &
  TransactionOverrides & {
    /** Token units to withdraw, paid on L1 to the sender's address. */
    readonly amount: bigint;
  };

/** A withdrawal's transaction fields, ready for viem's sendTransaction (ethers names gas `gasLimit`). */
export type WithdrawalRequest = TransactionOverrides & {
  readonly to: Address;
  readonly value: bigint;
  readonly data: Hex;
  readonly gas: bigint;
};

const l2TokenAbi = parseAbi(["function withdraw(uint256 amount)"]);

function lower(address: Address): Address {
  if (!isAddress(address, { strict: false })) {
    throw new InvalidArgumentError("not an address", { details: { address: String(address) } });
  }
  return address.toLowerCase() as Address;
}

function overrides(parameters: TransactionOverrides): TransactionOverrides {
  return {
    ...(parameters.maxFeePerGas === undefined ? {} : { maxFeePerGas: parameters.maxFeePerGas }),
    ...(parameters.maxPriorityFeePerGas === undefined
      ? {}
      : { maxPriorityFeePerGas: parameters.maxPriorityFeePerGas }),
    ...(parameters.nonce === undefined ? {} : { nonce: parameters.nonce }),
  };
}

/** ETH: a transfer of `amount` to L2_BRIDGE_ADDRESS with gas GAS_WITHDRAWAL (50,000). */
export function withdrawEthRequest(parameters: WithdrawEthParameters): WithdrawalRequest {
  assertPositiveAmount(parameters.amount);
  return {
    to: L2_BRIDGE_ADDRESS,
    value: parameters.amount,
    data: "0x",
    gas: GAS_WITHDRAWAL,
    ...overrides(parameters),
  };
}

/**
 * The L2 address of the token a withdrawToken call names: `l2Token` as given, or the address derived from
 * `l1Token` (docs/protocol.md §2.2). Throws InvalidArgumentError for an address that is not a bridged token's.
 *
 * @example
 * const l2Token = withdrawTokenTarget({ l1Token, amount: 1n }); // where the L2 balance lives
 */
export function withdrawTokenTarget(parameters: WithdrawTokenParameters): Address {
  const token = "l2Token" in parameters ? parameters.l2Token : l2TokenAddress(lower(parameters.l1Token));
  if (!isTokenAddress(token)) {
    throw new InvalidArgumentError("l2Token is not a bridged-token address", { details: { token } });
  }
  return lower(token);
}

/** A token: `withdraw(amount)` on its L2 address, with gas 45,000 + 16 per data byte. */
export function withdrawTokenRequest(parameters: WithdrawTokenParameters): WithdrawalRequest {
  assertPositiveAmount(parameters.amount);
  const to = withdrawTokenTarget(parameters);
  const data = encodeFunctionData({ abi: l2TokenAbi, functionName: "withdraw", args: [parameters.amount] });
  return { to, value: 0n, data, gas: requiredGas(to, (data.length - 2) / 2), ...overrides(parameters) };
}
