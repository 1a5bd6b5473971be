import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { bytesToHex, hexToBytes } from "../bytes.ts";
import { ProofError, TreeInputError } from "./errors.ts";
import { ZERO_HASH } from "./hashing.ts";
import type { TreeProof } from "./proof.ts";
import { createStateTree, type StateTree } from "./stateTree.ts";
import { applyToModel, type Model, scenarioArb, withBitFlipped, wordArb, ZERO } from "./treeTesting.ts";
import { verifyProof } from "./verifyProof.ts";

function buildTree(
  pool: readonly Uint8Array[],
  ops: Parameters<typeof applyToModel>[2][],
): [StateTree, Model] {
  const tree = createStateTree();
  const model: Model = new Map();
  for (const op of ops) {
    if (op.kind === "set") tree.set(pool[op.key]!, op.value);
    else tree.delete(pool[op.key]!);
    applyToModel(model, pool, op);
  }
  return [tree, model];
}

/** Keys to prove: the pool, neighbours of pool keys (exclusions next to a leaf), and a random key. */
function probeKeys(pool: readonly Uint8Array[], bit: number, extra: Uint8Array): Uint8Array[] {
  return [...pool, ...pool.map((k) => withBitFlipped(k, bit)), extra];
}

/** Every single-step tampering of a proof that a verifier must reject. */
function tamperings(proof: TreeProof, key: Uint8Array): TreeProof[] {
  const { siblings, terminal } = proof;
  const out: TreeProof[] = [];
  // A byte flipped in the first and last siblings and a few between (flipping every one would make the
  // test quadratic in proofs 256 deep).
  const positions = new Set([0, siblings.length - 1]);
  for (let d = 0; d < siblings.length; d += Math.max(1, siblings.length >> 3)) positions.add(d);
  for (const d of positions) {
    if (d < 0 || d >= siblings.length) continue;
    const flipped = siblings.map((s) => s.slice());
    flipped[d]![d % 32]! ^= 1;
    out.push({ siblings: flipped, terminal });
  }
  if (siblings.length > 0) {
    out.push({ siblings: siblings.slice(1), terminal });
    out.push({ siblings: siblings.slice(0, -1), terminal });
  }
  if (siblings.length < 256) {
    out.push({ siblings: [...siblings, ZERO_HASH], terminal });
    out.push({ siblings: [ZERO_HASH, ...siblings], terminal });
  }
  if (terminal.kind === "leaf") {
    out.push({ siblings, terminal: { kind: "empty" } });
    out.push({ siblings, terminal: { ...terminal, value: withBitFlipped(terminal.value, 255) } });
    out.push({ siblings, terminal: { ...terminal, key: withBitFlipped(terminal.key, 255) } });
    out.push({ siblings, terminal: { ...terminal, key: withBitFlipped(terminal.key, 0) } });
    // An exclusion leaf turned into a claim that the key itself holds its value.
    if (bytesToHex(terminal.key) !== bytesToHex(key)) out.push({ siblings, terminal: { ...terminal, key } });
  } else {
    out.push({ siblings, terminal: { kind: "leaf", key, value: ZERO } });
  }
  return out;
}

describe("verifyProof", () => {
  it("the empty tree's proof is no siblings and an empty terminal, proving absence", () => {
    const proof = createStateTree().prove(ZERO);
    assert.deepEqual(proof, { siblings: [], terminal: { kind: "empty" } });
    assert.deepEqual(verifyProof(ZERO_HASH, ZERO, proof), { present: false });
  });

  it("every proof of a random tree verifies, for present and absent keys, with the right answer", () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: 0, max: 255 }), wordArb, ([pool, ops], bit, extra) => {
        const [tree, model] = buildTree(pool, ops);
        const root = tree.root();
        for (const key of probeKeys(pool, bit, extra)) {
          const entry = model.get(bytesToHex(key));
          const result = verifyProof(root, key, tree.prove(key));
          assert.deepEqual(
            result,
            entry === undefined ? { present: false } : { present: true, value: entry[1] },
          );
        }
      }),
    );
  });

  it("rejects every tampered proof", () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: 0, max: 255 }), wordArb, ([pool, ops], bit, extra) => {
        const [tree] = buildTree(pool, ops);
        const root = tree.root();
        for (const key of probeKeys(pool, bit, extra)) {
          const proof = tree.prove(key);
          for (const bad of tamperings(proof, key))
            assert.throws(() => verifyProof(root, key, bad), ProofError);
          assert.throws(() => verifyProof(withBitFlipped(root, 3), key, proof), ProofError);
        }
      }),
      { numRuns: 100 },
    );
  });

  it("rejects a leaf terminal off the key's path even if the root matched", () => {
    // A one-leaf tree: the proof for any other key is the leaf at depth 0, which is fine. At depth 1 a
    // leaf must share bit 0 with the key.
    const a = hexToBytes(`0x00${"11".repeat(31)}`);
    const b = hexToBytes(`0x80${"11".repeat(31)}`);
    const tree = createStateTree();
    tree.set(a, ZERO);
    tree.set(b, ZERO);
    const proofA = tree.prove(a);
    assert.equal(proofA.siblings.length, 1);
    assert.throws(() => verifyProof(tree.root(), b, proofA), ProofError);
  });

  it("rejects malformed proofs with ProofError and a malformed key with TreeInputError", () => {
    const tree = createStateTree();
    tree.set(ZERO, ZERO);
    const root = tree.root();
    const leaf = { kind: "leaf", key: ZERO, value: ZERO } as const;
    assert.throws(
      () => verifyProof(root, ZERO, { siblings: [new Uint8Array(31)], terminal: leaf }),
      ProofError,
    );
    assert.throws(
      () => verifyProof(root, ZERO, { siblings: Array(257).fill(ZERO_HASH), terminal: leaf }),
      ProofError,
    );
    assert.throws(
      () => verifyProof(root, ZERO, { siblings: [], terminal: { ...leaf, value: new Uint8Array(0) } }),
      ProofError,
    );
    assert.throws(
      () => verifyProof(root, ZERO, { siblings: [], terminal: { kind: "other" } as never }),
      ProofError,
    );
    assert.throws(() => verifyProof(root, new Uint8Array(20), tree.prove(ZERO)), TreeInputError);
  });
});
