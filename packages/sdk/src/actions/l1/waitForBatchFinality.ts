import { WaitTimeoutError } from "../../errors.ts";
import type { AnyClient } from "../../internal/viemClient.ts";
import type { Deployment } from "../../types.ts";
import { type BatchFinality, getBatchFinality } from "./getBatchFinality.ts";

export type WaitForBatchFinalityParameters = {
  readonly deployment: Deployment;
  readonly batchIndex: bigint;
  /** Milliseconds between reads (default 4000). */
  readonly pollingInterval?: number;
  /** Milliseconds before WaitTimeoutError (default: wait forever). */
  readonly timeout?: number;
  readonly signal?: AbortSignal;
};

/**
 * Resolves once batch `batchIndex` is final on L1 (Rollup.finalizedCount above it), polling. It only
 * watches: someone must call finalizeBatches once the challenge window has passed.
 */
export async function waitForBatchFinality(
  client: AnyClient,
  { deployment, batchIndex, pollingInterval = 4_000, timeout, signal }: WaitForBatchFinalityParameters,
): Promise<BatchFinality> {
  const deadline = timeout === undefined ? undefined : Date.now() + timeout;
  for (;;) {
    const finality = await getBatchFinality(client, { deployment, batchIndex });
    if (finality.final) return finality;
    signal?.throwIfAborted();
    const left = deadline === undefined ? pollingInterval : deadline - Date.now();
    if (left <= 0) {
      throw new WaitTimeoutError(`batch ${batchIndex} is not final after ${timeout} ms`, {
        details: { batchIndex, finalizedCount: finality.finalizedCount },
      });
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(pollingInterval, left)));
  }
}
