import { type GetChallengeWindowParameters, readChallengeWindow } from "../../core/l1Reads.ts";
import type { AnyClient } from "../../internal/viemClient.ts";
import { viemL1Reader } from "../../internal/viemPorts.ts";
import type { ChallengeWindow } from "../../types.ts";

export type { GetChallengeWindowParameters };

/**
 * Where a posted batch stands against its challenge window, read from L1: when the window closes in L1
 * time and the seconds left, whether the batch is still live, the games open against it, and whether it
 * is final or would be made final by a finalizeBatches(record) call now (which finalizeWithdrawal makes
 * itself). The record comes from getBatch or from a withdrawal proof.
 *
 * @example
 * const proof = await getWithdrawalProof(l2Public, { transactionHash: withdrawalHash });
 * const window = await getChallengeWindow(l1Public, { deployment, record: proof!.batch.record });
 * console.log(`${window.secondsLeft} s left, ${window.openGames} open games, finalizable: ${window.finalizable}`);
 */
export function getChallengeWindow(
  client: AnyClient,
  parameters: GetChallengeWindowParameters,
): Promise<ChallengeWindow> {
  return readChallengeWindow(viemL1Reader(client), parameters);
}
