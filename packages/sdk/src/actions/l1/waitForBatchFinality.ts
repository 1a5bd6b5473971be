import type { BatchFinality } from "../../core/l1Reads.ts";
import { pollBatchFinality, type WaitForBatchFinalityParameters } from "../../core/l1Waits.ts";
import type { AnyClient } from "../../internal/viemClient.ts";
import { viemL1Reader } from "../../internal/viemPorts.ts";

export type { WaitForBatchFinalityParameters };

/**
 * Resolves once batch `batchIndex` is final on L1, polling getBatchFinality (every 4 s by default). It
 * only watches: someone must call the Rollup's finalizeBatches once the challenge window has passed; to
 * pay a withdrawal, waitForBatchFinalizable is enough. Throws WaitTimeoutError after `timeout` ms, or the
 * signal's reason once aborted.
 *
 * @example
 * await waitForBatchFinality(l1Public, { deployment, batchIndex: 1n, timeout: 60_000 });
 */
export function waitForBatchFinality(
  client: AnyClient,
  parameters: WaitForBatchFinalityParameters,
): Promise<BatchFinality> {
  return pollBatchFinality(viemL1Reader(client), parameters);
}
