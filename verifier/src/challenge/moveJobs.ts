import type { Hex } from "viem";

// Every L1 transaction of the challenger is a job on the durable queue, with an id that names the
// game and the move, so a retry or a second tick never posts the same move twice: the queue keeps one
// job per id, and the handler checks the game on L1 before it moves (a move already made is done).
// Ids are unique for the life of a game: an interval [lo, hi] owes one answer, a game one proof.

export type MoveJob =
  /** `attempt` counts this verifier's earlier games on the batch (one lost to a reorg is retried). */
  | { readonly kind: "open"; readonly recordHash: Hex; readonly attempt: number }
  | { readonly kind: "answer"; readonly gameId: string; readonly lo: number; readonly hi: number }
  | { readonly kind: "prove"; readonly gameId: string; readonly step: number }
  | { readonly kind: "timeout"; readonly gameId: string; readonly lo: number; readonly hi: number }
  | { readonly kind: "cancel"; readonly gameId: string }
  | { readonly kind: "withdraw"; readonly gameId: string };

export function moveJobId(job: MoveJob): string {
  switch (job.kind) {
    case "open":
      return `open-${job.recordHash}-${job.attempt}`;
    case "answer":
      return `answer-${job.gameId}-${job.lo}-${job.hi}`;
    case "prove":
      return `prove-${job.gameId}-${job.step}`;
    case "timeout":
      return `timeout-${job.gameId}-${job.lo}-${job.hi}`;
    case "cancel":
      return `cancel-${job.gameId}`;
    case "withdraw":
      return `withdraw-${job.gameId}`;
  }
}
