import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { WriteBehind } from "./writeBehind.ts";

describe("WriteBehind", () => {
  test("saves in order, at most maxPending outstanding", async () => {
    const saved: number[] = [];
    let running = 0;
    let most = 0;
    const writer = new WriteBehind<number>(async (n) => {
      running++;
      most = Math.max(most, running);
      await sleep(2);
      saved.push(n);
      running--;
    }, 2);
    let pushedAhead = 0;
    for (let i = 0; i < 10; i++) {
      await writer.push(i);
      pushedAhead = Math.max(pushedAhead, i + 1 - saved.length);
    }
    await writer.flush();
    assert.deepEqual(saved, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.equal(most, 1, "one save at a time");
    assert.ok(pushedAhead <= 3, `at most maxPending + 1 ahead, got ${pushedAhead}`);
  });

  test("a failed save stops the later ones and is reported", async () => {
    const saved: number[] = [];
    const writer = new WriteBehind<number>(async (n) => {
      if (n === 2) throw new Error("disk full");
      saved.push(n);
    }, 8);
    for (let i = 0; i < 5; i++) await writer.push(i);
    await assert.rejects(writer.flush(), /disk full/);
    assert.deepEqual(saved, [0, 1]);
    await writer.settle();
  });
});
