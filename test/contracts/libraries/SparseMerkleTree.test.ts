// SparseMerkleTree.sol against the TypeScript state tree (packages/protocol/src/tree): random trees and
// get/set sequences, keys sharing long prefixes, cursor runs, malformed proofs, and gas figures.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { parseAbi } from "viem";
import { computeRootAfterSet } from "../../../packages/protocol/src/tree/computeRootAfterSet.ts";
import { internalHash, leafHash } from "../../../packages/protocol/src/tree/hashing.ts";
import { keyBit } from "../../../packages/protocol/src/tree/keyBits.ts";
import { foldSiblings, type TreeProof } from "../../../packages/protocol/src/tree/proof.ts";
import { createStateTree, type StateTree } from "../../../packages/protocol/src/tree/stateTree.ts";
import { verifyProof } from "../../../packages/protocol/src/tree/verifyProof.ts";
import {
  bytesToHex,
  createRng,
  deployHarness,
  expectRevert,
  type Hex,
  hexToBytes,
  type Rng,
} from "./helpers.ts";

const abi = parseAbi([
  "struct Proof { bytes32[] siblings; uint8 terminalKind; bytes32 leafKey; bytes32 leafValue; }",
  "struct Access { bool write; bytes32 key; bytes32 value; }",
  "function verify(bytes32 root, bytes32 key, Proof proof) pure returns (bool present, bytes32 value)",
  "function set(bytes32 root, bytes32 key, bytes32 value, Proof proof) pure returns (bytes32)",
  "function rootAfterSet(bytes32 key, bytes32 value, Proof proof) pure returns (bytes32)",
  "function leafHash(bytes32 key, bytes32 value) pure returns (bytes32)",
  "function internalHash(bytes32 left, bytes32 right) pure returns (bytes32)",
  "function run(bytes32 root, Proof[] proofs, Access[] accesses) pure returns (bytes32 newRoot, bool[] present, bytes32[] values, uint256 proofsUsed)",
  "function gasVerify(bytes32 root, bytes32 key, Proof proof) view returns (uint256 gasUsed)",
  "function gasSet(bytes32 root, bytes32 key, bytes32 value, Proof proof) view returns (bytes32 newRoot, uint256 gasUsed)",
  "function gasReadWrite(bytes32 root, Proof[] proofs, bytes32 key, bytes32 value) view returns (bytes32 newRoot, uint256 gasUsed)",
  "error ProofTooDeep(uint256 depth)",
  "error InvalidTerminalKind(uint8 kind)",
  "error LeafNotOnPath(bytes32 key, bytes32 leafKey, uint256 depth)",
  "error RootMismatch(bytes32 root, bytes32 computed)",
  "error ProofsExhausted(uint256 count)",
  "error WriteWithoutRead(bytes32 key)",
]);

const { viem } = await network.create();
const smt = await deployHarness(viem, "SparseMerkleTreeHarness", abi);

const ZERO: Hex = `0x${"00".repeat(32)}`;

type AbiProof = { siblings: Hex[]; terminalKind: number; leafKey: Hex; leafValue: Hex };

function toAbi(proof: TreeProof): AbiProof {
  const { terminal } = proof;
  return {
    siblings: proof.siblings.map(bytesToHex),
    terminalKind: terminal.kind === "empty" ? 0 : 1,
    leafKey: terminal.kind === "empty" ? ZERO : bytesToHex(terminal.key),
    leafValue: terminal.kind === "empty" ? ZERO : bytesToHex(terminal.value),
  };
}

/** A key equal to `base` on bits 0..p-1, different at bit p, random after it. */
function keyBeside(rng: Rng, base: Uint8Array, p: number): Uint8Array {
  const key = base.slice();
  const tail = rng.bytes(32);
  for (let i = p + 1; i < 256; i++) {
    const byte = i >> 3;
    const mask = 0x80 >> (i & 7);
    key[byte] = (key[byte]! & ~mask) | (tail[byte]! & mask);
  }
  key[p >> 3]! ^= 0x80 >> (p & 7);
  return key;
}

/** A prefix length for keyBeside: anywhere, or deep (sharing 200..255 bits), or the very last bit. */
function prefixLength(rng: Rng): number {
  switch (rng.int(4)) {
    case 0:
      return rng.int(256);
    case 1:
      return 200 + rng.int(56);
    case 2:
      return 248 + rng.int(8);
    default:
      return 255;
  }
}

/**
 * An independent model of the tree: the set of leaves, hashed straight from the canonical form of
 * §2.1 (no leaf: ZERO; one leaf: its leafHash; more: internal(left, right) split by the next bit).
 * It tells a Solidity bug from a TS one when the two disagree.
 */
class LeafSetModel {
  readonly #leaves = new Map<Hex, [Uint8Array, Uint8Array]>();
  #root: Hex | null = null;

  set(key: Uint8Array, value: Uint8Array): void {
    this.#leaves.set(bytesToHex(key), [key.slice(), value.slice()]);
    this.#root = null;
  }

  root(): Hex {
    this.#root ??= this.#hash();
    return this.#root;
  }

  #hash(): Hex {
    // Sorted by key, the leaves under any node are a contiguous run, split by the node's bit.
    const items = [...this.#leaves.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, leaf]) => leaf);
    const hash = (lo: number, hi: number, depth: number): Uint8Array => {
      if (hi === lo) return new Uint8Array(32);
      if (hi - lo === 1) return leafHash(items[lo]![0], items[lo]![1]);
      let mid = lo;
      while (mid < hi && keyBit(items[mid]![0], depth) === 0) mid++;
      return internalHash(hash(lo, mid, depth + 1), hash(mid, hi, depth + 1));
    };
    return bytesToHex(hash(0, items.length, 0));
  }
}

/** The TS tree under test and the leaf-set model, written together. */
type Trees = { tree: StateTree; model: LeafSetModel };

function createTrees(): Trees {
  return { tree: createStateTree(), model: new LeafSetModel() };
}

async function checkRead({ tree }: Trees, key: Uint8Array): Promise<void> {
  const root = tree.root();
  const proof = tree.prove(key);
  const expected = verifyProof(root, key, proof);
  const [present, value] = await smt.read.verify([bytesToHex(root), bytesToHex(key), toAbi(proof)]);
  assert.equal(present, expected.present);
  assert.equal(value, expected.present ? bytesToHex(expected.value) : ZERO);
}

async function checkSet({ tree, model }: Trees, key: Uint8Array, value: Uint8Array): Promise<void> {
  const root = tree.root();
  assert.equal(bytesToHex(root), model.root(), "TS tree root differs from the leaf-set model before the set");
  const proof = tree.prove(key);
  const newRoot = await smt.read.set([bytesToHex(root), bytesToHex(key), bytesToHex(value), toAbi(proof)]);
  const fromProof = computeRootAfterSet(key, value, proof);
  tree.set(key, value);
  model.set(key, value);
  const expected = model.root();
  assert.equal(newRoot, expected, "Solidity set differs from the leaf-set model");
  assert.equal(bytesToHex(fromProof), expected, "TS computeRootAfterSet differs from the leaf-set model");
  assert.equal(
    bytesToHex(tree.root()),
    expected,
    "TS tree root differs from the leaf-set model after the set",
  );
}

/** `ops` random reads and writes on a tree that starts empty; roots compared after every set. */
async function runSequence(seed: number, ops: number): Promise<{ maxDepth: number; leaves: number }> {
  const rng = createRng(seed);
  const trees = createTrees();
  const { tree } = trees;
  const keys: Uint8Array[] = [];
  let maxDepth = 0;
  for (let i = 0; i < ops; i++) {
    const choice = rng.int(10);
    let key: Uint8Array;
    if (keys.length === 0 || choice < 3) key = rng.bytes(32);
    else if (choice < 5) key = rng.pick(keys);
    else key = keyBeside(rng, rng.pick(keys), prefixLength(rng));
    maxDepth = Math.max(maxDepth, tree.prove(key).siblings.length);
    await checkRead(trees, key);
    if (choice === 9) continue; // a read only (often of an absent key beside a present one)
    const value = rng.chance(0.1) ? new Uint8Array(32) : rng.bytes(32);
    await checkSet(trees, key, value);
    if (!keys.some((k) => bytesToHex(k) === bytesToHex(key))) keys.push(key);
  }
  return { maxDepth, leaves: keys.length };
}

describe("SparseMerkleTree", () => {
  it("hashes leaves and internal nodes as the TS tree does", async () => {
    const rng = createRng(11);
    for (let i = 0; i < 10; i++) {
      const a = rng.bytes(32);
      const b = rng.bytes(32);
      assert.equal(await smt.read.leafHash([bytesToHex(a), bytesToHex(b)]), bytesToHex(leafHash(a, b)));
      assert.equal(
        await smt.read.internalHash([bytesToHex(a), bytesToHex(b)]),
        bytesToHex(internalHash(a, b)),
      );
    }
  });

  it("agrees with the TS tree on random get/set sequences, keys sharing long prefixes included", async (t) => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const { maxDepth, leaves } = await runSequence(seed, 150);
      t.diagnostic(`seed ${seed}: ${leaves} leaves, deepest proof ${maxDepth}`);
    }
  });

  it("inserts into the empty tree and beside the single leaf at the root", async () => {
    const rng = createRng(5);
    const trees = createTrees();
    const first = rng.bytes(32);
    await checkSet(trees, first, rng.bytes(32)); // depth 0, empty terminal
    assert.equal(trees.tree.prove(first).siblings.length, 0);
    await checkSet(trees, keyBeside(rng, first, 0), rng.bytes(32)); // depth 0, another leaf: split at bit 0
    await checkSet(trees, keyBeside(rng, first, 100), rng.bytes(32)); // a 99-node chain of one-child nodes
  });

  it("proves and updates keys that differ only in their last bit (terminal at depth 256)", async () => {
    const rng = createRng(6);
    const trees = createTrees();
    const a = rng.bytes(32);
    const b = keyBeside(rng, a, 255);
    await checkSet(trees, a, rng.bytes(32));
    await checkSet(trees, b, rng.bytes(32));
    assert.equal(trees.tree.prove(a).siblings.length, 256);
    await checkRead(trees, a);
    await checkSet(trees, a, rng.bytes(32));
    await checkSet(trees, b, new Uint8Array(32));
    await checkRead(trees, b);
    // An absent key beside them at depth 200: its proof ends in an empty subtree.
    const c = keyBeside(rng, a, 200);
    await checkRead(trees, c);
    await checkSet(trees, c, rng.bytes(32));
  });

  it("runs reads and writes through a cursor, each write reusing the proof of its read", async () => {
    const rng = createRng(7);
    const tree = createStateTree();
    const keys: Uint8Array[] = [];
    for (let i = 0; i < 64; i++) {
      const key = rng.bytes(32);
      keys.push(key);
      tree.set(key, rng.bytes(32));
    }
    const before = tree.root();
    const proofs: AbiProof[] = [];
    const accesses: { write: boolean; key: Hex; value: Hex }[] = [];
    const expected: { present: boolean; value: Hex }[] = [];
    for (let i = 0; i < 24; i++) {
      const key = rng.chance(0.5)
        ? rng.pick(keys)
        : rng.chance(0.5)
          ? rng.bytes(32)
          : keyBeside(rng, rng.pick(keys), 240);
      proofs.push(toAbi(tree.prove(key)));
      const current = tree.get(key);
      accesses.push({ write: false, key: bytesToHex(key), value: ZERO });
      expected.push({
        present: current !== undefined,
        value: current === undefined ? ZERO : bytesToHex(current),
      });
      if (rng.chance(0.7)) {
        const value = rng.bytes(32);
        tree.set(key, value);
        accesses.push({ write: true, key: bytesToHex(key), value: bytesToHex(value) });
        expected.push({ present: false, value: ZERO });
      }
    }
    const [root, present, values, used] = await smt.read.run([bytesToHex(before), proofs, accesses]);
    assert.equal(root, bytesToHex(tree.root()));
    assert.equal(used, BigInt(proofs.length));
    assert.deepEqual(
      present.map((p, i) => ({ present: p, value: values[i] })),
      expected,
    );
  });

  it("refuses a write that does not directly follow a read of its key, and a read without a proof", async () => {
    const rng = createRng(8);
    const tree = createStateTree();
    const a = rng.bytes(32);
    const b = rng.bytes(32);
    tree.set(a, rng.bytes(32));
    const root = bytesToHex(tree.root());
    const proofA = toAbi(tree.prove(a));
    const read = (key: Uint8Array) => ({ write: false, key: bytesToHex(key), value: ZERO });
    const write = (key: Uint8Array) => ({
      write: true,
      key: bytesToHex(key),
      value: bytesToHex(rng.bytes(32)),
    });
    await expectRevert(smt.read.run([root, [proofA], [write(a)]]), "WriteWithoutRead");
    await expectRevert(smt.read.run([root, [proofA], [read(a), write(b)]]), "WriteWithoutRead");
    await expectRevert(smt.read.run([root, [proofA], [read(a), write(a), write(a)]]), "WriteWithoutRead");
    const [count] = await expectRevert(smt.read.run([root, [proofA], [read(a), read(a)]]), "ProofsExhausted");
    assert.equal(count, 1n);
  });

  it("rejects malformed and mismatched proofs, as the TS verifier does", async () => {
    const rng = createRng(9);
    const tree = createStateTree();
    const keys: Uint8Array[] = [];
    for (let i = 0; i < 32; i++) {
      keys.push(rng.bytes(32));
      tree.set(keys[i]!, rng.bytes(32));
    }
    const root = tree.root();
    const key = keys[3]!;
    const proof = tree.prove(key);
    const good = toAbi(proof);
    const R = bytesToHex(root);
    const K = bytesToHex(key);
    const V = bytesToHex(rng.bytes(32));
    const both = async (bad: AbiProof, tsProof: TreeProof | null, name: string, againstRoot: Hex = R) => {
      await expectRevert(smt.read.verify([againstRoot, K, bad]), name);
      await expectRevert(smt.read.set([againstRoot, K, V, bad]), name);
      if (tsProof !== null)
        assert.throws(() => verifyProof(hexToBytes(againstRoot), key, tsProof), { name: "ProofError" });
    };

    // Wrong root, and a tampered sibling.
    const otherRoot = bytesToHex(rng.bytes(32));
    await both(good, proof, "RootMismatch", otherRoot);
    const tampered = proof.siblings.map((s) => s.slice());
    tampered[1]![0]! ^= 1;
    await both(
      { ...good, siblings: tampered.map(bytesToHex) },
      { ...proof, siblings: tampered },
      "RootMismatch",
    );
    // A present key's proof claiming an empty subtree, and a wrong value.
    await both({ ...good, terminalKind: 0 }, { ...proof, terminal: { kind: "empty" } }, "RootMismatch");
    await both({ ...good, leafValue: V }, null, "RootMismatch");
    // A terminal kind that does not exist.
    const [kind] = await expectRevert(
      smt.read.verify([R, K, { ...good, terminalKind: 2 }]),
      "InvalidTerminalKind",
    );
    assert.equal(kind, 2);
    // A terminal leaf off the key's path (first bit flipped).
    const offPath = key.slice();
    offPath[0]! ^= 0x80;
    await both(
      { ...good, leafKey: bytesToHex(offPath) },
      { ...proof, terminal: { kind: "leaf", key: offPath, value: new Uint8Array(32) } },
      "LeafNotOnPath",
    );
    // A terminal leaf sharing bits 0..D-2 with the key but not bit D-1: the last bit checked.
    const depth = proof.siblings.length;
    assert.ok(depth >= 1);
    const nearly = keyBeside(rng, key, depth - 1);
    await both(
      { ...good, leafKey: bytesToHex(nearly) },
      { ...proof, terminal: { kind: "leaf", key: nearly, value: new Uint8Array(32) } },
      "LeafNotOnPath",
    );
    // More than 256 siblings.
    const deep = Array.from({ length: 257 }, () => rng.bytes(32));
    await both({ ...good, siblings: deep.map(bytesToHex) }, { ...proof, siblings: deep }, "ProofTooDeep");
    // rootAfterSet checks the shape too, not the root.
    await expectRevert(smt.read.rootAfterSet([K, V, { ...good, terminalKind: 7 }]), "InvalidTerminalKind");
    assert.equal(
      await smt.read.rootAfterSet([K, V, good]),
      bytesToHex(computeRootAfterSet(key, hexToBytes(V), proof)),
    );
  });

  it("reports gas per operation", async (t) => {
    const rng = createRng(10);
    // A tree of 10,000 random leaves: proofs of depth ~14-16.
    const tree = createStateTree();
    const keys: Uint8Array[] = [];
    for (let i = 0; i < 10_000; i++) {
      keys.push(rng.bytes(32));
      tree.set(keys[i]!, rng.bytes(32));
    }
    const root = bytesToHex(tree.root());
    const sample = async (key: Uint8Array) => {
      const proof = tree.prove(key);
      const abi = toAbi(proof);
      const verify = await smt.read.gasVerify([root, bytesToHex(key), abi]);
      const [, set] = await smt.read.gasSet([root, bytesToHex(key), bytesToHex(rng.bytes(32)), abi]);
      const [, readWrite] = await smt.read.gasReadWrite([
        root,
        [abi],
        bytesToHex(key),
        bytesToHex(rng.bytes(32)),
      ]);
      return { depth: proof.siblings.length, verify, set, readWrite };
    };
    for (const label of ["existing key", "new key"]) {
      const key = label === "existing key" ? keys[42]! : rng.bytes(32);
      const g = await sample(key);
      t.diagnostic(
        `10k-leaf tree, ${label}, depth ${g.depth}: verify ${g.verify}, set ${g.set}, read+write ${g.readWrite}`,
      );
    }
    // Synthetic proofs of fixed depth (random siblings; the root is whatever they fold to).
    for (const depth of [20, 32]) {
      const key = rng.bytes(32);
      const value = rng.bytes(32);
      const siblings = Array.from({ length: depth }, () => rng.bytes(32));
      const proof: TreeProof = { siblings, terminal: { kind: "leaf", key, value } };
      const synthRoot = bytesToHex(foldSiblings(key, leafHash(key, value), siblings));
      const abi = toAbi(proof);
      const verify = await smt.read.gasVerify([synthRoot, bytesToHex(key), abi]);
      const [newRoot, set] = await smt.read.gasSet([
        synthRoot,
        bytesToHex(key),
        bytesToHex(rng.bytes(32)),
        abi,
      ]);
      assert.notEqual(newRoot, synthRoot);
      const [, readWrite] = await smt.read.gasReadWrite([synthRoot, [abi], bytesToHex(key), ZERO]);
      // An insert beside that leaf, splitting one level below it.
      const other = keyBeside(rng, key, depth);
      const [, insert] = await smt.read.gasSet([synthRoot, bytesToHex(other), ZERO, abi]);
      t.diagnostic(
        `depth ${depth}: verify ${verify}, set ${set}, read+write ${readWrite}, insert beside a leaf ${insert}`,
      );
    }
  });
});
