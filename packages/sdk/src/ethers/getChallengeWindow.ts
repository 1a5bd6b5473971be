import type { ContractRunner } from "ethers";
import { type GetChallengeWindowParameters, readChallengeWindow } from "../core/l1Reads.ts";
import type { ChallengeWindow } from "../types.ts";
import { ethersL1Reader } from "./internal/ethersPorts.ts";

/**
 * getChallengeWindow for an ethers v6 Provider (or Signer) on L1: when the batch's window closes, the
 * games open against it, and whether it is final or finalizable now.
 *
 * @example
 * const window = await ethersActions.getChallengeWindow(l1Provider, { deployment, record: proof.batch.record });
 * console.log(window.secondsLeft, window.finalizable);
 */
export function getChallengeWindow(
  runner: ContractRunner,
  parameters: GetChallengeWindowParameters,
): Promise<ChallengeWindow> {
  return readChallengeWindow(ethersL1Reader(runner), parameters);
}
