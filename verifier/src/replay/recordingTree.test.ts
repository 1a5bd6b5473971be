import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { bytesToHex, createStateTree } from "@halcyon/protocol";
import { createRecordingTree } from "./recordingTree.ts";

const word = (n: number) => new Uint8Array(32).fill(n);
const hex = (v: Uint8Array | undefined) => (v === undefined ? undefined : bytesToHex(v));

describe("recording tree", () => {
  test("records each changed leaf once, with its value before the first write and after the last", () => {
    const inner = createStateTree();
    inner.set(word(1), word(10));
    inner.set(word(2), word(20));
    const tree = createRecordingTree(inner);
    const before = bytesToHex(tree.root());

    tree.get(word(1));
    tree.set(word(1), word(11)); // read-then-write, as the state transition does
    tree.set(word(1), word(12)); // written again: the first previous value stays
    tree.set(word(3), word(30)); // written without a read: created
    tree.get(word(2));
    tree.set(word(2), word(20)); // written back to its own value: no net change
    tree.get(word(3));
    tree.set(word(1), word(13)); // the last read was another key
    const changes = tree.takeChanges();
    assert.deepEqual(
      changes.map((c) => [c.key[0], hex(c.previous), hex(c.value)]),
      [
        [1, hex(word(10)), hex(word(13))],
        [3, undefined, hex(word(30))],
      ],
    );
    assert.deepEqual(tree.takeChanges(), []);

    // Writing the previous values back restores the root.
    for (const c of changes) {
      if (c.previous === undefined) tree.delete(c.key);
      else tree.set(c.key, c.previous);
    }
    tree.discardChanges();
    assert.equal(bytesToHex(tree.root()), before);
  });

  test("a caller reusing its buffers does not change what was recorded", () => {
    const tree = createRecordingTree(createStateTree());
    const key = word(5);
    const value = word(50);
    tree.set(key, value);
    key.fill(6);
    value.fill(60);
    const [change] = tree.takeChanges();
    assert.equal(change?.key[0], 5);
    assert.equal(change?.value?.[0], 50);
  });
});
