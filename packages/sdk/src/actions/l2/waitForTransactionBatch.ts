import type { Hash } from "viem";
import { WaitTimeoutError } from "../../errors.ts";
import type { AnyClient } from "../../internal/viemClient.ts";
import type { L1Status, TransactionStatus } from "../../types.ts";
import { getTransactionStatus } from "./getTransactionStatus.ts";

export type WaitForTransactionBatchParameters = {
  /** An L2 transaction's hash. */
  readonly hash: Hash;
  /** Resolve once the batch is posted (default: confirmed on L1, or later), or only once it is final. */
  readonly until?: "posted" | "final";
  /** Called after every read, for progress reports; null while the sequencer does not know the hash. */
  readonly onProgress?: (status: TransactionStatus | null) => void;
  /** Milliseconds between reads (default 1000). */
  readonly pollingInterval?: number;
  /** Milliseconds before WaitTimeoutError (default: wait forever). */
  readonly timeout?: number;
  readonly signal?: AbortSignal;
};

const REACHED: Record<"posted" | "final", readonly L1Status[]> = {
  posted: ["posted", "challenged", "final"],
  final: ["final"],
};

/**
 * Resolves with the transaction's status once the batch holding it is posted on L1 (or final, with
 * `until: "final"`), polling rollup_getTransactionStatus. It only watches: the sequencer posts batches,
 * and finality comes with the challenge window (see getChallengeWindow).
 */
export async function waitForTransactionBatch(
  client: AnyClient,
  {
    hash,
    until = "posted",
    onProgress,
    pollingInterval = 1_000,
    timeout,
    signal,
  }: WaitForTransactionBatchParameters,
): Promise<TransactionStatus> {
  const deadline = timeout === undefined ? undefined : Date.now() + timeout;
  for (;;) {
    const status = await getTransactionStatus(client, { hash });
    onProgress?.(status);
    if (status !== null && REACHED[until].includes(status.l1Status)) return status;
    signal?.throwIfAborted();
    const left = deadline === undefined ? pollingInterval : deadline - Date.now();
    if (left <= 0) {
      throw new WaitTimeoutError(`the batch of ${hash} is not ${until} after ${timeout} ms`, {
        details: { hash, l1Status: status?.l1Status ?? "unknown" },
      });
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(pollingInterval, left)));
  }
}
