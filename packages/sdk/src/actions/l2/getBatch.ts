import { type GetBatchParameters, readBatch } from "../../core/l2Reads.ts";
import type { AnyClient } from "../../internal/viemClient.ts";
import { viemRpc } from "../../internal/viemPorts.ts";
import type { BatchInfo } from "../../types.ts";

export type { GetBatchParameters };

/**
 * A batch as the sequencer cut it (rollup_getBatchByIndex): its L2 blocks, roots, post-state header, L1
 * status and transaction and, once it is in an L1 block, the record the Rollup emitted (what
 * getChallengeWindow takes). Null if there is no such batch. Throws InvalidArgumentError for a negative
 * index, InvalidRpcResponseError for an answer of another shape.
 *
 * @example
 * const batch = await getBatch(l2Public, { index: status.batchIndex! });
 * console.log(batch?.firstBlock, batch?.lastBlock, batch?.l1TransactionHash);
 */
export function getBatch(client: AnyClient, parameters: GetBatchParameters): Promise<BatchInfo | null> {
  return readBatch(viemRpc(client), parameters);
}
