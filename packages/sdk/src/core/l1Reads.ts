import { bridgeAbi, disputeGameAbi, rollupAbi } from "../abis.ts";
import { InvalidArgumentError } from "../errors.ts";
import type { BatchRecord, ChallengeWindow, Deployment, OpenGame, WithdrawalStatus } from "../types.ts";
import type { ContractCall, L1Reader } from "./ports.ts";

// The L1 reads, for both clients: the Rollup's finality, a batch's challenge window, the DisputeGame's
// open games, the Bridge's paid withdrawals. Integers are converted here (ethers gives every integer as a
// bigint, viem the small ones as numbers).

function assertIndex(value: bigint, what: string): void {
  if (typeof value !== "bigint" || value < 0n) {
    throw new InvalidArgumentError(`${what} must be a non-negative bigint`, {
      details: { [what]: String(value) },
    });
  }
}

const rollupCall = (
  deployment: Deployment,
  functionName: string,
  args?: readonly unknown[],
): ContractCall => ({
  address: deployment.addresses.rollup,
  abi: rollupAbi,
  functionName,
  ...(args === undefined ? {} : { args }),
});

export type GetBatchFinalityParameters = {
  readonly deployment: Deployment;
  readonly batchIndex: bigint;
};

export type BatchFinality = {
  readonly batchIndex: bigint;
  /** Batches 0 .. finalizedCount - 1 are final (the Rollup's finalizedCount). */
  readonly finalizedCount: bigint;
  readonly final: boolean;
};

export async function readBatchFinality(
  l1: L1Reader,
  { deployment, batchIndex }: GetBatchFinalityParameters,
): Promise<BatchFinality> {
  assertIndex(batchIndex, "batchIndex");
  const finalizedCount = BigInt((await l1.read(rollupCall(deployment, "finalizedCount"))) as bigint);
  return { batchIndex, finalizedCount, final: batchIndex < finalizedCount };
}

export type GetWithdrawalStatusParameters = {
  readonly deployment: Deployment;
  /** The withdrawal's index in the withdrawals tree (WithdrawalProof.withdrawal.index). */
  readonly index: bigint;
};

export async function readWithdrawalStatus(
  l1: L1Reader,
  { deployment, index }: GetWithdrawalStatusParameters,
): Promise<WithdrawalStatus> {
  assertIndex(index, "index");
  const finalized = await l1.read({
    address: deployment.addresses.bridge,
    abi: bridgeAbi,
    functionName: "isWithdrawalFinalized",
    args: [index],
  });
  return { index, finalized: finalized === true };
}

export type GetChallengeWindowParameters = {
  readonly deployment: Deployment;
  /** The batch's record as the Rollup emitted it (getBatch's record, or a withdrawal proof's). */
  readonly record: BatchRecord;
};

export async function readChallengeWindow(
  l1: L1Reader,
  { deployment, record }: GetChallengeWindowParameters,
): Promise<ChallengeWindow> {
  const [l1Timestamp, recordHash, finalizedCount] = await Promise.all([
    l1.latestTimestamp(),
    l1.read(rollupCall(deployment, "hashRecord", [record])),
    l1.read(rollupCall(deployment, "finalizedCount")).then((n) => BigInt(n as bigint)),
  ]);
  const [live, openGames] = await Promise.all([
    l1.read(rollupCall(deployment, "isLive", [record.index, recordHash])).then((b) => b === true),
    l1.read(rollupCall(deployment, "openGames", [recordHash])).then((n) => BigInt(n as bigint)),
  ]);
  const closesAt = record.appendedAt + deployment.parameters.challengeWindow;
  const final = live && record.index < finalizedCount;
  let finalizable = final;
  if (live && !final && l1Timestamp >= closesAt && openGames === 0n) {
    // The window rule is not the whole story (a parent with an open game holds it back): ask the Rollup.
    const count = await l1.simulate(rollupCall(deployment, "finalizeBatches", [record]));
    finalizable = record.index < BigInt(count as bigint);
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

export type GetOpenGamesParameters = {
  readonly deployment: Deployment;
};

/** GameStatus.InProgress and the Mover values in contracts/interfaces/IDisputeGame.sol. */
const IN_PROGRESS = 1;
const MOVER_PROPOSER = 1;
/** Games read at once. */
const CHUNK = 16n;

type GameStruct = {
  batchHash: `0x${string}`;
  challenger: `0x${string}`;
  proposer: `0x${string}`;
  lo: number | bigint;
  hi: number | bigint;
  steps: number | bigint;
  status: number | bigint;
  batchIndex: bigint;
  proposerClock: bigint;
  challengerClock: bigint;
  lastMoveAt: bigint;
};

export async function readOpenGames(
  l1: L1Reader,
  { deployment }: GetOpenGamesParameters,
): Promise<OpenGame[]> {
  const game = (functionName: string, args?: readonly unknown[]): ContractCall => ({
    address: deployment.addresses.disputeGame,
    abi: disputeGameAbi,
    functionName,
    ...(args === undefined ? {} : { args }),
  });
  const count = BigInt((await l1.read(game("gameCount"))) as bigint);
  const open: OpenGame[] = [];
  for (let start = 0n; start < count; start += CHUNK) {
    const end = start + CHUNK < count ? start + CHUNK : count;
    const ids = Array.from({ length: Number(end - start) }, (_, i) => start + BigInt(i));
    const games = (await Promise.all(ids.map((id) => l1.read(game("getGame", [id]))))) as GameStruct[];
    for (const [i, g] of games.entries()) {
      if (Number(g.status) !== IN_PROGRESS) continue;
      const gameId = ids[i]!;
      const [mover, remaining] = (await l1.read(game("moverOf", [gameId]))) as [number | bigint, bigint];
      open.push({
        gameId,
        batchIndex: BigInt(g.batchIndex),
        batchHash: g.batchHash,
        challenger: g.challenger,
        proposer: g.proposer,
        lo: Number(g.lo),
        hi: Number(g.hi),
        steps: Number(g.steps),
        mover: Number(mover) === MOVER_PROPOSER ? "proposer" : "challenger",
        moverSecondsLeft: BigInt(remaining),
        proposerClock: BigInt(g.proposerClock),
        challengerClock: BigInt(g.challengerClock),
        lastMoveAt: BigInt(g.lastMoveAt),
      });
    }
  }
  return open;
}
