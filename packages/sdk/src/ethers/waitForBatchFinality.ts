import type { ContractRunner } from "ethers";
import type { BatchFinality } from "../core/l1Reads.ts";
import { pollBatchFinality, type WaitForBatchFinalityParameters } from "../core/l1Waits.ts";
import { ethersL1Reader } from "./internal/ethersPorts.ts";

/**
 * waitForBatchFinality for an ethers v6 Provider (or Signer) on L1: polls until the batch is final.
 *
 * @example
 * await ethersActions.waitForBatchFinality(l1Provider, { deployment, batchIndex: 1n, timeout: 60_000 });
 */
export function waitForBatchFinality(
  runner: ContractRunner,
  parameters: WaitForBatchFinalityParameters,
): Promise<BatchFinality> {
  return pollBatchFinality(ethersL1Reader(runner), parameters);
}
