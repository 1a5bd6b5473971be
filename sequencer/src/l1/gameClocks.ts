import { disputeGameAbi, type L1PublicClient } from "@halcyon/node-common";
import type { Address } from "@halcyon/protocol";

// The chess clocks of a game, read from the DisputeGame (the defender's store keeps only the interval):
// what the explorer shows next to each open game.

/** Who must move next (IDisputeGame's Mover); none once the game has ended. */
export type GameMover = "proposer" | "challenger" | "none";

export type GameClocks = {
  readonly mover: GameMover;
  /** Seconds left on each side's clock as of `lastMoveAt` (the mover's clock runs from there). */
  readonly proposerClock: bigint;
  readonly challengerClock: bigint;
  /** L1 time (unix seconds) of the last move, when the mover's clock started. */
  readonly lastMoveAt: bigint;
  /** Seconds left on the mover's clock at the L1 head (0: it ran out and the mover can be timed out). */
  readonly remaining: bigint;
  /** L1 time at which the mover's clock runs out; undefined when nobody is to move. */
  readonly deadline: bigint | undefined;
};

export interface GameClockSource {
  clocks(gameId: bigint): Promise<GameClocks>;
}

const MOVERS: Readonly<Record<number, GameMover>> = { 0: "none", 1: "proposer", 2: "challenger" };

/** Reads a game's clocks from the DisputeGame at `disputeGame` (getGame and moverOf at the same block). */
export function createL1GameClockSource(publicClient: L1PublicClient, disputeGame: Address): GameClockSource {
  return {
    async clocks(gameId) {
      const blockNumber = await publicClient.getBlockNumber({ cacheTime: 0 });
      const contract = { address: disputeGame, abi: disputeGameAbi, args: [gameId], blockNumber } as const;
      const [game, [moverCode, remaining]] = await Promise.all([
        publicClient.readContract({ ...contract, functionName: "getGame" }),
        publicClient.readContract({ ...contract, functionName: "moverOf" }),
      ]);
      const mover = MOVERS[moverCode] ?? "none";
      const clock = mover === "proposer" ? game.proposerClock : game.challengerClock;
      return {
        mover,
        proposerClock: game.proposerClock,
        challengerClock: game.challengerClock,
        lastMoveAt: game.lastMoveAt,
        remaining,
        deadline: mover === "none" ? undefined : game.lastMoveAt + clock,
      };
    },
  };
}
