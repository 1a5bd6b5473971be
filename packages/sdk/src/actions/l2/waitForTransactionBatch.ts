import { pollTransactionBatch, type WaitForTransactionBatchParameters } from "../../core/l2Waits.ts";
import type { AnyClient } from "../../internal/viemClient.ts";
import { viemRpc } from "../../internal/viemPorts.ts";
import type { TransactionStatus } from "../../types.ts";

export type { WaitForTransactionBatchParameters };

/**
 * Resolves with the transaction's status once the batch holding it is posted on L1 (or final, with
 * `until: "final"`), polling rollup_getTransactionStatus (every second by default) and reporting each read
 * to `onProgress`. It only watches: the sequencer posts batches, and finality comes after the challenge
 * window (waitForBatchFinalizable). Throws WaitTimeoutError after `timeout` ms, InvalidArgumentError for a
 * malformed hash.
 *
 * @example
 * const hash = await l2Wallet.sendTransaction({ to: recipient, value: parseEther("0.1") });
 * const status = await waitForTransactionBatch(l2Public, { hash, timeout: 60_000 });
 * console.log(`in batch ${status.batchIndex}, posted in L1 transaction ${status.l1TransactionHash}`);
 */
export function waitForTransactionBatch(
  client: AnyClient,
  parameters: WaitForTransactionBatchParameters,
): Promise<TransactionStatus> {
  return pollTransactionBatch(viemRpc(client), parameters);
}
