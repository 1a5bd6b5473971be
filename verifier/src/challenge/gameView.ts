import { disputeGameAbi, type L1PublicClient } from "@halcyon/node-common";
import type { Address, Hex } from "viem";
import { VerifierError } from "../errors.ts";
import type { GameStatusName } from "../store/gameStore.ts";

// A DisputeGame game as the challenger reads it: the stored Game, and who must move now with the time
// left on that side's clock (moverOf), both read at the same L1 block.

export type Mover = "none" | "proposer" | "challenger";

export type GameView = {
  readonly gameId: bigint;
  readonly batchHash: Hex;
  readonly batchIndex: bigint;
  readonly agreed: Hex;
  readonly disputed: Hex;
  /** The pending midpoint commitment; zero when none is pending. */
  readonly midpoint: Hex;
  readonly challenger: Address;
  readonly proposer: Address;
  readonly lo: number;
  readonly hi: number;
  readonly steps: number;
  readonly status: GameStatusName;
  readonly proposerClock: bigint;
  readonly challengerClock: bigint;
  readonly lastMoveAt: bigint;
  readonly mover: Mover;
  /** Seconds left on the mover's clock at the block read (0: run out). */
  readonly remaining: bigint;
  /** The L1 block the view was read at. */
  readonly atBlock: bigint;
};

// IDisputeGame's GameStatus and Mover enums, by value.
const STATUS: readonly (GameStatusName | "none")[] = [
  "none",
  "in-progress",
  "proposer-won",
  "challenger-won",
  "cancelled",
];
const MOVER: readonly Mover[] = ["none", "proposer", "challenger"];

/** No game with this id on L1 (never opened, or its opening was reorged out). */
export class GameNotFoundError extends VerifierError {
  override name = "GameNotFoundError";
}

export const ZERO_COMMITMENT: Hex = `0x${"00".repeat(32)}`;

export async function readGame(
  client: L1PublicClient,
  disputeGame: Address,
  gameId: bigint,
): Promise<GameView> {
  const atBlock = await client.getBlockNumber({ cacheTime: 0 });
  const [game, [mover, remaining]] = await Promise.all([
    client.readContract({
      address: disputeGame,
      abi: disputeGameAbi,
      functionName: "getGame",
      args: [gameId],
      blockNumber: atBlock,
    }),
    client.readContract({
      address: disputeGame,
      abi: disputeGameAbi,
      functionName: "moverOf",
      args: [gameId],
      blockNumber: atBlock,
    }),
  ]);
  const status = STATUS[game.status];
  if (status === undefined || status === "none") {
    throw new GameNotFoundError("no such game on L1", { details: { gameId, atBlock } });
  }
  return {
    gameId,
    batchHash: game.batchHash,
    batchIndex: game.batchIndex,
    agreed: game.agreed,
    disputed: game.disputed,
    midpoint: game.midpoint,
    challenger: game.challenger,
    proposer: game.proposer,
    lo: game.lo,
    hi: game.hi,
    steps: game.steps,
    status,
    proposerClock: game.proposerClock,
    challengerClock: game.challengerClock,
    lastMoveAt: game.lastMoveAt,
    mover: MOVER[mover] ?? "none",
    remaining,
    atBlock,
  };
}
