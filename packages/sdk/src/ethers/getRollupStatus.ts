import { readRollupStatus } from "../core/l2Reads.ts";
import type { RollupStatus } from "../types.ts";
import { type EthersRpcProvider, ethersRpc } from "./internal/ethersPorts.ts";

/**
 * getRollupStatus for an ethers v6 JsonRpcProvider on the L2: the sequencer's view of the rollup
 * (rollup_getStatus).
 *
 * @example
 * const { l2, batches } = await ethersActions.getRollupStatus(l2Provider);
 */
export function getRollupStatus(provider: EthersRpcProvider): Promise<RollupStatus> {
  return readRollupStatus(ethersRpc(provider));
}
