import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { hexToBytes } from "../bytes.ts";
import { computeRootAfterDelete } from "./computeRootAfterDelete.ts";
import { ProofError } from "./errors.ts";
import { createStateTree } from "./stateTree.ts";
import { scenarioArb, withBitFlipped, ZERO } from "./treeTesting.ts";
import { verifyProof } from "./verifyProof.ts";

describe("computeRootAfterDelete", () => {
  it("agrees with the tree for present and absent keys", () => {
    fc.assert(
      fc.property(
        scenarioArb,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.boolean())),
        ([pool, ops], dels) => {
          const tree = createStateTree();
          for (const op of ops) {
            if (op.kind === "set") tree.set(pool[op.key]!, op.value);
            else tree.delete(pool[op.key]!);
          }
          for (const [i, bit, flip] of dels) {
            const key = flip ? withBitFlipped(pool[i % pool.length]!, bit) : pool[i % pool.length]!;
            const witness = tree.proveDelete(key);
            verifyProof(tree.root(), key, witness.proof);
            const predicted = computeRootAfterDelete(key, witness);
            tree.delete(key);
            assert.deepEqual(predicted, tree.root());
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it("needs the right sibling opening", () => {
    const a = ZERO;
    const b = hexToBytes(`0x${"00".repeat(31)}01`);
    const c = hexToBytes(`0x80${"00".repeat(31)}`);
    const tree = createStateTree();
    for (const k of [a, b, c]) tree.set(k, ZERO);
    const witness = tree.proveDelete(b);
    assert.equal(witness.sibling?.kind, "leaf");
    assert.throws(() => computeRootAfterDelete(b, { ...witness, sibling: null }), ProofError);
    assert.throws(
      () => computeRootAfterDelete(b, { ...witness, sibling: { kind: "leaf", key: a, value: b } }),
      ProofError,
    );
    const other = tree.proveDelete(c);
    assert.equal(other.sibling?.kind, "internal");
    assert.throws(() => computeRootAfterDelete(b, { ...witness, sibling: other.sibling }), ProofError);
  });
});
