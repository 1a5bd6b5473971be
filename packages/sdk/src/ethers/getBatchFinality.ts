import type { ContractRunner } from "ethers";
import { type BatchFinality, type GetBatchFinalityParameters, readBatchFinality } from "../core/l1Reads.ts";
import { ethersL1Reader } from "./internal/ethersPorts.ts";

/**
 * getBatchFinality for an ethers v6 Provider (or Signer) on L1: whether the Rollup has made batch
 * `batchIndex` final.
 *
 * @example
 * const { final } = await ethersActions.getBatchFinality(l1Provider, { deployment, batchIndex: 1n });
 */
export function getBatchFinality(
  runner: ContractRunner,
  parameters: GetBatchFinalityParameters,
): Promise<BatchFinality> {
  return readBatchFinality(ethersL1Reader(runner), parameters);
}
