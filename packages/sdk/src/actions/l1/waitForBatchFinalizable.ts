import { BatchDeletedError, WaitTimeoutError } from "../../errors.ts";
import type { AnyClient } from "../../internal/viemClient.ts";
import type { BatchRecord, ChallengeWindow, Deployment } from "../../types.ts";
import { getChallengeWindow } from "./getChallengeWindow.ts";

export type WaitForBatchFinalizableParameters = {
  readonly deployment: Deployment;
  /** The batch's record (getBatch's record, or a withdrawal proof's `batch.record`). */
  readonly record: BatchRecord;
  /** Called after every read, for progress reports (time left in the window, open games). */
  readonly onProgress?: (window: ChallengeWindow) => void;
  /** Milliseconds between reads (default 2000). */
  readonly pollingInterval?: number;
  /** Milliseconds before WaitTimeoutError (default: wait forever). */
  readonly timeout?: number;
  readonly signal?: AbortSignal;
};

/**
 * Resolves once the batch is final or finalizable (its window has closed, no game holds it or a parent
 * back), so that finalizeWithdrawal pays now. Unlike waitForBatchFinality it does not need anyone to have
 * called finalizeBatches. Throws BatchDeletedError if a won challenge deleted the batch.
 */
export async function waitForBatchFinalizable(
  client: AnyClient,
  {
    deployment,
    record,
    onProgress,
    pollingInterval = 2_000,
    timeout,
    signal,
  }: WaitForBatchFinalizableParameters,
): Promise<ChallengeWindow> {
  const deadline = timeout === undefined ? undefined : Date.now() + timeout;
  for (;;) {
    const window = await getChallengeWindow(client, { deployment, record });
    onProgress?.(window);
    if (!window.live) {
      throw new BatchDeletedError(`batch ${record.index} was deleted on L1 by a won challenge`, {
        details: { batchIndex: record.index },
      });
    }
    if (window.finalizable) return window;
    signal?.throwIfAborted();
    const left = deadline === undefined ? pollingInterval : deadline - Date.now();
    if (left <= 0) {
      throw new WaitTimeoutError(`batch ${record.index} is not finalizable after ${timeout} ms`, {
        details: { batchIndex: record.index, secondsLeft: window.secondsLeft, openGames: window.openGames },
      });
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(pollingInterval, left)));
  }
}
