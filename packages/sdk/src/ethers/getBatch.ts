import { type GetBatchParameters, readBatch } from "../core/l2Reads.ts";
import type { BatchInfo } from "../types.ts";
import { type EthersRpcProvider, ethersRpc } from "./internal/ethersPorts.ts";

/**
 * getBatch for an ethers v6 JsonRpcProvider on the L2: a batch, its L1 status and record
 * (rollup_getBatchByIndex); null if there is no such batch.
 *
 * @example
 * const batch = await ethersActions.getBatch(l2Provider, { index: 1n });
 */
export function getBatch(
  provider: EthersRpcProvider,
  parameters: GetBatchParameters,
): Promise<BatchInfo | null> {
  return readBatch(ethersRpc(provider), parameters);
}
