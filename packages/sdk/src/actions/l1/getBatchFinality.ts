import {
  type BatchFinality,
  type GetBatchFinalityParameters,
  readBatchFinality,
} from "../../core/l1Reads.ts";
import type { AnyClient } from "../../internal/viemClient.ts";
import { viemL1Reader } from "../../internal/viemPorts.ts";

export type { BatchFinality, GetBatchFinalityParameters };

/**
 * Whether batch `batchIndex` is final on L1 (the Rollup's finalizedCount is above it). A batch becomes
 * final when someone calls finalizeBatches after its challenge window (the Bridge's finalizeWithdrawal
 * does it itself), not by the passing of time alone: see getChallengeWindow for the window.
 * Throws InvalidArgumentError for a negative index.
 *
 * @example
 * const { final, finalizedCount } = await getBatchFinality(l1Public, { deployment, batchIndex: 1n });
 */
export function getBatchFinality(
  client: AnyClient,
  parameters: GetBatchFinalityParameters,
): Promise<BatchFinality> {
  return readBatchFinality(viemL1Reader(client), parameters);
}
