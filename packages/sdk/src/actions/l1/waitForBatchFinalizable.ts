import { pollBatchFinalizable, type WaitForBatchFinalizableParameters } from "../../core/l1Waits.ts";
import type { AnyClient } from "../../internal/viemClient.ts";
import { viemL1Reader } from "../../internal/viemPorts.ts";
import type { ChallengeWindow } from "../../types.ts";

export type { WaitForBatchFinalizableParameters };

/**
 * Resolves once the batch is final or finalizable (its window has closed in L1 time and no game holds it
 * or a parent back), so that finalizeWithdrawal pays now; polls getChallengeWindow (every 2 s by default)
 * and reports each read to `onProgress`. Unlike waitForBatchFinality it needs no one to have called
 * finalizeBatches. Throws BatchDeletedError if a won challenge deleted the batch (the withdrawal moves to
 * a later batch: get its proof again), WaitTimeoutError after `timeout` ms.
 *
 * @example
 * const window = await waitForBatchFinalizable(l1Public, {
 *   deployment,
 *   record: proof.batch.record,
 *   onProgress: (w) => console.log(`${w.secondsLeft} s left in the challenge window`),
 * });
 */
export function waitForBatchFinalizable(
  client: AnyClient,
  parameters: WaitForBatchFinalizableParameters,
): Promise<ChallengeWindow> {
  return pollBatchFinalizable(viemL1Reader(client), parameters);
}
