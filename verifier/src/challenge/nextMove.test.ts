import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { checkJobId } from "@halcyon/node-common";
import { bytesToHex } from "@halcyon/protocol";
import { type GameView, ZERO_COMMITMENT } from "./gameView.ts";
import { moveJobId } from "./moveJobs.ts";
import { answerMidpoint, nextMove } from "./nextMove.ts";

const word = (n: number) => new Uint8Array(32).fill(n);

function game(overrides: Partial<GameView> = {}): GameView {
  return {
    gameId: 7n,
    batchHash: bytesToHex(word(9)),
    batchIndex: 3n,
    agreed: bytesToHex(word(1)),
    disputed: ZERO_COMMITMENT,
    midpoint: ZERO_COMMITMENT,
    challenger: "0x0000000000000000000000000000000000000c00",
    proposer: "0x0000000000000000000000000000000000000b00",
    lo: 0,
    hi: 8,
    steps: 8,
    status: "in-progress",
    proposerClock: 100n,
    challengerClock: 100n,
    lastMoveAt: 0n,
    mover: "proposer",
    remaining: 50n,
    atBlock: 1n,
    ...overrides,
  };
}

describe("nextMove", () => {
  test("waits while the proposer owes a midpoint and still has time; claims its timeout after", () => {
    assert.equal(nextMove(game(), true), null);
    assert.deepEqual(nextMove(game({ remaining: 0n, lo: 2, hi: 6 }), true), {
      kind: "timeout",
      lo: 2,
      hi: 6,
    });
  });

  test("answers a pending midpoint, agreeing iff it is its own commitment", () => {
    const midpoint = bytesToHex(word(4));
    const move = nextMove(game({ mover: "challenger", midpoint }), true);
    assert.deepEqual(move, { kind: "answer", lo: 0, hi: 8, midpoint });
    const ours = Array.from({ length: 9 }, (_, i) => word(i));
    assert.equal(answerMidpoint(move as Extract<typeof move, { kind: "answer" }>, ours), true);
    ours[4] = word(44);
    assert.equal(answerMidpoint(move as Extract<typeof move, { kind: "answer" }>, ours), false);
  });

  test("proves step lo at one step; does nothing once its own clock ran out or the game is over", () => {
    assert.deepEqual(nextMove(game({ mover: "challenger", lo: 4, hi: 5 }), true), { kind: "prove", step: 4 });
    assert.equal(nextMove(game({ mover: "challenger", lo: 4, hi: 5, remaining: 0n }), true), null);
    assert.equal(nextMove(game({ status: "challenger-won", mover: "none" }), true), null);
  });

  test("cancels a game whose batch another game deleted", () => {
    assert.deepEqual(nextMove(game({ mover: "challenger", lo: 4, hi: 5 }), false), { kind: "cancel" });
  });

  test("job ids name the game and the move, and are valid queue ids", () => {
    const ids = [
      moveJobId({ kind: "open", recordHash: bytesToHex(word(9)), attempt: 0 }),
      moveJobId({ kind: "answer", gameId: "7", lo: 0, hi: 8 }),
      moveJobId({ kind: "answer", gameId: "7", lo: 4, hi: 8 }),
      moveJobId({ kind: "prove", gameId: "7", step: 4 }),
      moveJobId({ kind: "timeout", gameId: "7", lo: 4, hi: 8 }),
      moveJobId({ kind: "cancel", gameId: "7" }),
      moveJobId({ kind: "withdraw", gameId: "7" }),
    ];
    for (const id of ids) checkJobId(id);
    assert.equal(new Set(ids).size, ids.length);
  });
});
