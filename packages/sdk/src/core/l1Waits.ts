import { BatchDeletedError } from "../errors.ts";
import type { BatchRecord, ChallengeWindow, Deployment } from "../types.ts";
import { type BatchFinality, readBatchFinality, readChallengeWindow } from "./l1Reads.ts";
import { type PollOptions, poll } from "./poll.ts";
import type { L1Reader } from "./ports.ts";

// The waits on L1, for both clients.

export type WaitForBatchFinalityParameters = PollOptions & {
  readonly deployment: Deployment;
  readonly batchIndex: bigint;
};

export function pollBatchFinality(
  l1: L1Reader,
  { deployment, batchIndex, ...options }: WaitForBatchFinalityParameters,
): Promise<BatchFinality> {
  return poll(
    () => readBatchFinality(l1, { deployment, batchIndex }),
    (f) => f.final,
    {
      ...options,
      defaultInterval: 4_000,
      timedOut: (f) => ({
        message: `batch ${batchIndex} is not final after ${options.timeout} ms`,
        details: { batchIndex, finalizedCount: f.finalizedCount },
      }),
    },
  );
}

export type WaitForBatchFinalizableParameters = PollOptions & {
  readonly deployment: Deployment;
  /** The batch's record (getBatch's record, or a withdrawal proof's `batch.record`). */
  readonly record: BatchRecord;
  /** Called after every read, for progress reports (time left in the window, open games). */
  readonly onProgress?: (window: ChallengeWindow) => void;
};

export function pollBatchFinalizable(
  l1: L1Reader,
  { deployment, record, onProgress, ...options }: WaitForBatchFinalizableParameters,
): Promise<ChallengeWindow> {
  return poll(
    () => readChallengeWindow(l1, { deployment, record }),
    (w) => w.finalizable,
    {
      ...options,
      defaultInterval: 2_000,
      progress: (w) => {
        onProgress?.(w);
        if (!w.live) {
          throw new BatchDeletedError(`batch ${record.index} was deleted on L1 by a won challenge`, {
            details: { batchIndex: record.index },
          });
        }
      },
      timedOut: (w) => ({
        message: `batch ${record.index} is not finalizable after ${options.timeout} ms`,
        details: { batchIndex: record.index, secondsLeft: w.secondsLeft, openGames: w.openGames },
      }),
    },
  );
}
