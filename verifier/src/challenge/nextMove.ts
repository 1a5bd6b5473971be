import { challengerAgrees, hexToBytes, isProofOwed, provenStep } from "@halcyon/protocol";
import { type GameView, ZERO_COMMITMENT } from "./gameView.ts";

// The challenger's rules for one game in progress (docs/protocol.md §8.1), as a pure function of the
// game read from L1: the move owed now, if any. Whether to agree with a midpoint needs the
// challenger's own commitments: answerMidpoint decides it.

export type Move =
  /** The proposer revealed c_mid: agree iff it is ours (then [mid, hi], else [lo, mid]). */
  | { readonly kind: "answer"; readonly lo: number; readonly hi: number; readonly midpoint: `0x${string}` }
  /** One step is left: prove step lo (anyone may, while the challenger's clock runs). */
  | { readonly kind: "prove"; readonly step: number }
  /** The proposer's clock ran out while it owed a midpoint: the challenger wins by claimTimeout. */
  | { readonly kind: "timeout"; readonly lo: number; readonly hi: number }
  /** Another game deleted the batch: cancelGame returns the bond. */
  | { readonly kind: "cancel" };

/**
 * The move the challenger owes or may make now, or null while it waits for the proposer (or has
 * nothing left to do: the game is over, or its own clock has run out).
 */
export function nextMove(game: GameView, batchLive: boolean): Move | null {
  if (game.status !== "in-progress") return null;
  if (!batchLive) return { kind: "cancel" };
  const interval = { lo: game.lo, hi: game.hi };
  if (game.mover === "proposer") {
    return game.remaining === 0n ? { kind: "timeout", lo: game.lo, hi: game.hi } : null;
  }
  if (game.mover !== "challenger" || game.remaining === 0n) return null;
  if (game.midpoint !== ZERO_COMMITMENT) {
    return { kind: "answer", lo: game.lo, hi: game.hi, midpoint: game.midpoint };
  }
  return isProofOwed(interval) ? { kind: "prove", step: provenStep(interval) } : null;
}

/** The answer to a pending midpoint: agree iff it equals the challenger's own c_mid. */
export function answerMidpoint(
  move: Extract<Move, { kind: "answer" }>,
  commitments: readonly Uint8Array[],
): boolean {
  return challengerAgrees(hexToBytes(move.midpoint), commitments, { lo: move.lo, hi: move.hi });
}
