import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { hexToBytes } from "../bytes.ts";
import { computeRootAfterSet } from "./computeRootAfterSet.ts";
import { ProofError } from "./errors.ts";
import { createStateTree, type StateTree } from "./stateTree.ts";
import { scenarioArb, valueArb, withBitFlipped, wordArb, ZERO } from "./treeTesting.ts";
import { verifyProof } from "./verifyProof.ts";

/** Checks computeRootAfterSet against the real tree for one set, and returns the proof's terminal kind. */
function checkSet(tree: StateTree, key: Uint8Array, value: Uint8Array): string {
  const proof = tree.prove(key);
  verifyProof(tree.root(), key, proof);
  const predicted = computeRootAfterSet(key, value, proof);
  tree.set(key, value);
  assert.deepEqual(predicted, tree.root());
  if (proof.terminal.kind === "empty") return "empty";
  return tree.get(proof.terminal.key) !== undefined && proof.terminal.key.every((b, i) => b === key[i])
    ? "own leaf"
    : "other leaf";
}

describe("computeRootAfterSet", () => {
  it("inserting into the empty tree gives the leaf's hash", () => {
    const tree = createStateTree();
    assert.equal(checkSet(tree, ZERO, ZERO), "empty");
  });

  it("inserting next to a lone leaf builds the split, down to bit 255", () => {
    const a = ZERO;
    const b = hexToBytes(`0x${"00".repeat(31)}01`);
    const tree = createStateTree();
    tree.set(a, ZERO);
    assert.equal(checkSet(tree, b, ZERO), "other leaf");
    const c = hexToBytes(`0x80${"00".repeat(31)}`);
    assert.equal(checkSet(tree, c, ZERO), "empty");
  });

  it("agrees with the tree for inserts (empty slot or beside a leaf), updates and zero values", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(
        scenarioArb,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.boolean(), valueArb), {
          maxLength: 12,
        }),
        wordArb,
        ([pool, ops], sets, extra) => {
          const tree = createStateTree();
          for (const op of ops) {
            if (op.kind === "set") tree.set(pool[op.key]!, op.value);
            else tree.delete(pool[op.key]!);
          }
          for (const [i, bit, flip, value] of sets) {
            const base = i % (pool.length + 1) === pool.length ? extra : pool[i % (pool.length + 1)]!;
            seen.add(checkSet(tree, flip ? withBitFlipped(base, bit) : base, value));
          }
        },
      ),
      { numRuns: 150 },
    );
    assert.deepEqual([...seen].sort(), ["empty", "other leaf", "own leaf"]);
  });

  it("rejects a leaf terminal off the key's path", () => {
    const key = hexToBytes(`0x80${"00".repeat(31)}`);
    const proof = { siblings: [ZERO], terminal: { kind: "leaf", key: ZERO, value: ZERO } } as const;
    assert.throws(() => computeRootAfterSet(key, ZERO, proof), ProofError);
  });
});
