import { ConfigError } from "@halcyon/node-common";

/** Hardhat's chain id: the only L1 the fault mode runs against. */
export const DEVNET_L1_CHAIN_ID = 31337n;

/**
 * The fault mode posts wrong state roots on purpose and loses its bond for it: it is refused unless the
 * L1 is a local Hardhat devnet (chain id 31337).
 */
export function assertFaultModeAllowed(l1ChainId: number | bigint | undefined): void {
  if (l1ChainId !== undefined && BigInt(l1ChainId) === DEVNET_L1_CHAIN_ID) return;
  throw new ConfigError([
    l1ChainId === undefined
      ? "SEQUENCER_FAULTS (--faults) is test-only and needs --deployment on a local devnet (L1 chain id 31337)"
      : `SEQUENCER_FAULTS (--faults) is test-only: refused on L1 chain ${l1ChainId} (only a local devnet, chain id 31337)`,
  ]);
}
