import type { ContractRunner } from "ethers";
import type { BatchFinality } from "../actions/l1/getBatchFinality.ts";
import type { WaitForBatchFinalityParameters } from "../actions/l1/waitForBatchFinality.ts";
import { WaitTimeoutError } from "../errors.ts";
import { getBatchFinality } from "./getBatchFinality.ts";

/** waitForBatchFinality for an ethers v6 Provider (or Signer): polls until the batch is final. */
export async function waitForBatchFinality(
  runner: ContractRunner,
  { deployment, batchIndex, pollingInterval = 4_000, timeout, signal }: WaitForBatchFinalityParameters,
): Promise<BatchFinality> {
  const deadline = timeout === undefined ? undefined : Date.now() + timeout;
  for (;;) {
    const finality = await getBatchFinality(runner, { deployment, batchIndex });
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
