import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { bytesToHex, hexToBytes } from "../bytes.ts";
import { keccak256 } from "../crypto/keccak.ts";
import { TreeInputError } from "./errors.ts";
import { internalHash, leafHash, ZERO_HASH } from "./hashing.ts";
import { createStateTree, type StateTree } from "./stateTree.ts";
import {
  applyToModel,
  type Model,
  modelRoot,
  referenceInternal,
  referenceLeafHash,
  scenarioArb,
  wordArb,
  ZERO,
} from "./treeTesting.ts";

function word(hex: string): Uint8Array {
  return hexToBytes(`0x${hex.padStart(64, "0")}`);
}
function wordHigh(hex: string): Uint8Array {
  return hexToBytes(`0x${hex.padEnd(64, "0")}`);
}
const V1 = word("11");
const V2 = word("22");
const V3 = word("33");

function treeOf(entries: readonly (readonly [Uint8Array, Uint8Array])[]): StateTree {
  const tree = createStateTree();
  for (const [k, v] of entries) tree.set(k, v);
  return tree;
}

describe("state tree: fixed vectors", () => {
  it("the empty tree has root ZERO and no keys", () => {
    const tree = createStateTree();
    assert.deepEqual(tree.root(), ZERO_HASH);
    assert.equal(tree.get(word("01")), undefined);
    assert.equal(tree.has(word("01")), false);
    assert.equal(tree.delete(word("01")), false);
    assert.deepEqual(tree.root(), ZERO_HASH);
  });

  it("a tree of one leaf has that leaf's hash as root, whatever the key", () => {
    for (const key of [ZERO, word("01"), wordHigh("80"), hexToBytes(`0x${"ff".repeat(32)}`)]) {
      const tree = treeOf([[key, V1]]);
      assert.deepEqual(tree.root(), referenceLeafHash(key, V1));
      assert.deepEqual(tree.get(key), V1);
    }
  });

  it("two keys differing at bit 0 hang directly under the root, the 0-bit one on the left", () => {
    const a = wordHigh("00ab"); // bit 0 = 0
    const b = wordHigh("80ab"); // bit 0 = 1
    const expected = referenceInternal(referenceLeafHash(a, V1), referenceLeafHash(b, V2));
    assert.deepEqual(
      treeOf([
        [a, V1],
        [b, V2],
      ]).root(),
      expected,
    );
    assert.deepEqual(
      treeOf([
        [b, V2],
        [a, V1],
      ]).root(),
      expected,
    );
  });

  it("two keys differing only at bit 255 sit at depth 256 under 255 one-child branches", () => {
    // 0x00..00 and 0x00..01 share 255 zero bits: every wrapping branch has them on its left.
    let low = referenceInternal(referenceLeafHash(word("00"), V1), referenceLeafHash(word("01"), V2));
    for (let d = 254; d >= 0; d--) low = referenceInternal(low, ZERO);
    assert.deepEqual(
      treeOf([
        [word("01"), V2],
        [word("00"), V1],
      ]).root(),
      low,
    );

    // 0xff..fe and 0xff..ff share 255 one bits: every wrapping branch has them on its right.
    const fe = hexToBytes(`0x${"ff".repeat(31)}fe`);
    const ff = hexToBytes(`0x${"ff".repeat(32)}`);
    let high = referenceInternal(referenceLeafHash(fe, V1), referenceLeafHash(ff, V2));
    for (let d = 254; d >= 0; d--) high = referenceInternal(ZERO, high);
    assert.deepEqual(
      treeOf([
        [ff, V2],
        [fe, V1],
      ]).root(),
      high,
    );
  });

  it("three keys: 0x00.. alone on the left, 0x80.. and 0xc0.. split at bit 1 on the right", () => {
    const a = wordHigh("00");
    const b = wordHigh("80");
    const c = wordHigh("c0");
    const expected = internalHash(leafHash(a, V1), internalHash(leafHash(b, V2), leafHash(c, V3)));
    assert.deepEqual(
      treeOf([
        [c, V3],
        [a, V1],
        [b, V2],
      ]).root(),
      expected,
    );
  });

  it("a key holding 32 zero bytes is present, and differs from an absent key", () => {
    const tree = treeOf([[word("01"), V1]]);
    const before = tree.root();
    tree.set(word("02"), ZERO);
    assert.equal(tree.has(word("02")), true);
    assert.deepEqual(tree.get(word("02")), ZERO);
    assert.notDeepEqual(tree.root(), before);
    assert.equal(tree.delete(word("02")), true);
    assert.deepEqual(tree.root(), before);
  });

  it("deleting a key collapses its sibling leaf up to where it is alone", () => {
    const a = word("00");
    const b = word("01"); // next to a at depth 256
    const c = wordHigh("80"); // on the root's right
    const tree = treeOf([
      [a, V1],
      [b, V2],
      [c, V3],
    ]);
    tree.delete(b);
    assert.deepEqual(tree.root(), internalHash(leafHash(a, V1), leafHash(c, V3)));
    tree.delete(c);
    assert.deepEqual(tree.root(), leafHash(a, V1));
    tree.delete(a);
    assert.deepEqual(tree.root(), ZERO_HASH);
  });

  it("stays correct past its initial capacity and when it reuses freed nodes", () => {
    // Deterministic keys: keccak of the index; values: the index.
    const keyOf = (i: number) => keccak256(word(i.toString(16)));
    const model: Model = new Map();
    const tree = createStateTree();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 2500; i++) {
        const key = keyOf(i + round * 1000);
        if ((i + round) % 3 === 0) {
          tree.delete(key);
          model.delete(bytesToHex(key));
        } else {
          tree.set(key, word(i.toString(16)));
          model.set(bytesToHex(key), [key, word(i.toString(16))]);
        }
      }
      assert.deepEqual(tree.root(), modelRoot(model));
    }
    for (const [, [key, value]] of model) assert.deepEqual(tree.get(key), value);
  });

  it("results and arguments are copies", () => {
    const key = word("05");
    const value = V1.slice();
    const tree = createStateTree();
    tree.set(key, value);
    value[0] = 9;
    key[31] = 6;
    assert.deepEqual(tree.get(word("05")), V1);
    tree.get(word("05"))![0] = 9;
    tree.root()[0] = 9;
    assert.deepEqual(tree.get(word("05")), V1);
    assert.deepEqual(tree.root(), leafHash(word("05"), V1));
  });

  it("rejects keys and values that are not 32 bytes", () => {
    const tree = createStateTree();
    assert.throws(() => tree.set(new Uint8Array(31), V1), TreeInputError);
    assert.throws(() => tree.set(V1, new Uint8Array(33)), TreeInputError);
    assert.throws(() => tree.get(new Uint8Array(0)), TreeInputError);
    assert.throws(() => tree.prove(new Uint8Array(20)), TreeInputError);
  });
});

describe("state tree: properties", () => {
  it("agrees with a Map model and the by-definition root over random set/delete sequences", () => {
    fc.assert(
      fc.property(scenarioArb, ([pool, ops]) => {
        const tree = createStateTree();
        const model: Model = new Map();
        ops.forEach((op, i) => {
          const key = pool[op.key]!;
          if (op.kind === "set") tree.set(key, op.value);
          else assert.equal(tree.delete(key), model.has(bytesToHex(key)));
          applyToModel(model, pool, op);
          if (i % 7 === 0) assert.deepEqual(tree.root(), modelRoot(model));
        });
        assert.deepEqual(tree.root(), modelRoot(model));
        for (const key of pool) {
          const entry = model.get(bytesToHex(key));
          assert.deepEqual(tree.get(key), entry?.[1]);
          assert.equal(tree.has(key), entry !== undefined);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("gives the same root for batched and one-by-one application, and for any insertion order", () => {
    fc.assert(
      fc.property(
        scenarioArb.chain(([pool, ops]) => fc.tuple(fc.constant(pool), fc.constant(ops), fc.nat())),
        ([pool, ops, seed]) => {
          const batched = createStateTree();
          const stepped = createStateTree();
          const model: Model = new Map();
          for (const op of ops) {
            for (const tree of [batched, stepped]) {
              if (op.kind === "set") tree.set(pool[op.key]!, op.value);
              else tree.delete(pool[op.key]!);
            }
            stepped.root();
            applyToModel(model, pool, op);
          }
          const root = batched.root();
          assert.deepEqual(stepped.root(), root);
          // The final contents inserted fresh, in a shuffled order.
          const entries = [...model.values()];
          let s = seed;
          for (let i = entries.length - 1; i > 0; i--) {
            s = (s * 1103515245 + 12345) >>> 0;
            const j = s % (i + 1);
            [entries[i], entries[j]] = [entries[j]!, entries[i]!];
          }
          assert.deepEqual(treeOf(entries).root(), root);
        },
      ),
    );
  });

  it("get sees queued writes before root() is computed", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(wordArb, wordArb), { maxLength: 30 }), (entries) => {
        const tree = createStateTree();
        const model = new Map<string, Uint8Array>();
        for (const [k, v] of entries) {
          tree.set(k, v);
          model.set(bytesToHex(k), v);
          assert.deepEqual(tree.get(k), v);
        }
        for (const [k] of entries) assert.deepEqual(tree.get(k), model.get(bytesToHex(k)));
      }),
    );
  });
});
