import type { ContractRunner } from "ethers";
import { pollBatchFinalizable, type WaitForBatchFinalizableParameters } from "../core/l1Waits.ts";
import type { ChallengeWindow } from "../types.ts";
import { ethersL1Reader } from "./internal/ethersPorts.ts";

/**
 * waitForBatchFinalizable for an ethers v6 Provider (or Signer) on L1: resolves once finalizeWithdrawal
 * would pay; BatchDeletedError if a won challenge deleted the batch, WaitTimeoutError after `timeout` ms.
 *
 * @example
 * await ethersActions.waitForBatchFinalizable(l1Provider, {
 *   deployment,
 *   record: proof.batch.record,
 *   onProgress: (w) => console.log(`${w.secondsLeft} s left`),
 * });
 */
export function waitForBatchFinalizable(
  runner: ContractRunner,
  parameters: WaitForBatchFinalizableParameters,
): Promise<ChallengeWindow> {
  return pollBatchFinalizable(ethersL1Reader(runner), parameters);
}
