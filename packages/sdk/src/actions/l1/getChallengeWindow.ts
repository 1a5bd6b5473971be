import { getBlock, readContract, simulateContract } from "viem/actions";
import { rollupAbi } from "../../abis.ts";
import type { AnyClient } from "../../internal/viemClient.ts";
import type { BatchRecord, ChallengeWindow, Deployment } from "../../types.ts";

export type GetChallengeWindowParameters = {
  readonly deployment: Deployment;
  /** The batch's record as the Rollup emitted it (getBatch's record, or a withdrawal proof's). */
  readonly record: BatchRecord;
};

/**
 * Where a posted batch stands against its challenge window, read from L1: when the window closes in L1
 * time, whether the batch is still live, the games open against it, and whether it is final or would be
 * made final by a finalizeBatches(record) call now (which the Bridge's finalizeWithdrawal makes itself).
 */
export async function getChallengeWindow(
  client: AnyClient,
  { deployment, record }: GetChallengeWindowParameters,
): Promise<ChallengeWindow> {
  const address = deployment.addresses.rollup;
  const [block, recordHash, finalizedCount] = await Promise.all([
    getBlock(client, { blockTag: "latest" }),
    readContract(client, { address, abi: rollupAbi, functionName: "hashRecord", args: [record] }),
    readContract(client, { address, abi: rollupAbi, functionName: "finalizedCount" }),
  ]);
  const [live, openGames] = await Promise.all([
    readContract(client, {
      address,
      abi: rollupAbi,
      functionName: "isLive",
      args: [record.index, recordHash],
    }),
    readContract(client, { address, abi: rollupAbi, functionName: "openGames", args: [recordHash] }),
  ]);
  const closesAt = record.appendedAt + deployment.parameters.challengeWindow;
  const l1Timestamp = block.timestamp;
  const final = live && record.index < finalizedCount;
  let finalizable = final;
  if (live && !final && l1Timestamp >= closesAt && openGames === 0n) {
    // The window rule is not the whole story (a parent with an open game holds it back): ask the Rollup.
    const { result } = await simulateContract(client, {
      address,
      abi: rollupAbi,
      functionName: "finalizeBatches",
      args: [record],
    });
    finalizable = record.index < result;
  }
  return {
    batchIndex: record.index,
    closesAt,
    l1Timestamp,
    secondsLeft: closesAt > l1Timestamp ? closesAt - l1Timestamp : 0n,
    live,
    openGames,
    final,
    finalizable,
  };
}
