import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { hexToBytes } from "../bytes.ts";
import { NodeStoreError } from "./errors.ts";
import { ZERO_HASH } from "./hashing.ts";
import { createMemoryNodeStore, type TreeNode, type TreeNodeStore, treeNodeHash } from "./nodeStore.ts";
import { createStateTree, openStateTree } from "./stateTree.ts";
import { scenarioArb, withBitFlipped, ZERO } from "./treeTesting.ts";
import { verifyProof } from "./verifyProof.ts";

/** A store that checks every node it is given is stored under its own hash. */
function checkingStore(): TreeNodeStore & { readonly size: number } {
  const inner = createMemoryNodeStore();
  return {
    get: (hash) => inner.get(hash),
    put: (hash, node) => {
      assert.deepEqual(hash, treeNodeHash(node));
      inner.put(hash, node);
    },
    get size() {
      return inner.size;
    },
  };
}

describe("node store", () => {
  it("a committed tree reopens at its root with the same contents, proofs and later roots", () => {
    fc.assert(
      fc.property(scenarioArb, scenarioArb, ([pool, ops], [, moreOps]) => {
        const store = checkingStore();
        const tree = createStateTree({ store });
        for (const op of ops) {
          if (op.kind === "set") tree.set(pool[op.key]!, op.value);
          else tree.delete(pool[op.key]!);
        }
        const root = tree.commit();
        const reopened = openStateTree({ store, root });
        assert.deepEqual(reopened.root(), root);
        for (const key of pool) {
          assert.deepEqual(reopened.get(key), tree.get(key));
          assert.deepEqual(reopened.prove(key), tree.prove(key));
          verifyProof(root, withBitFlipped(key, 255), reopened.prove(withBitFlipped(key, 255)));
        }
        // The same later writes give the same roots, and the reopened tree can commit again.
        for (const op of moreOps) {
          const key = pool[op.key % pool.length]!;
          for (const t of [tree, reopened]) {
            if (op.kind === "set") t.set(key, op.value);
            else t.delete(key);
          }
          assert.deepEqual(reopened.root(), tree.root());
        }
        const second = reopened.commit();
        assert.deepEqual(openStateTree({ store, root: second }).root(), tree.root());
        // Committed nodes are immutable: the first root still reads as it did.
        const first = openStateTree({ store, root });
        for (const key of pool) assert.deepEqual(first.prove(key), openStateTree({ store, root }).prove(key));
      }),
      { numRuns: 60 },
    );
  });

  it("an old root keeps its values after the tree updates them in place", () => {
    const store = createMemoryNodeStore();
    const tree = createStateTree({ store });
    const key = hexToBytes(`0x${"ab".repeat(32)}`);
    tree.set(key, ZERO);
    tree.set(ZERO, ZERO);
    const root1 = tree.commit();
    tree.set(key, key);
    const root2 = tree.commit();
    assert.deepEqual(openStateTree({ store, root: root1 }).get(key), ZERO);
    assert.deepEqual(openStateTree({ store, root: root2 }).get(key), key);
  });

  it("commit writes only the nodes that changed", () => {
    const store = createMemoryNodeStore();
    const tree = createStateTree({ store });
    for (let i = 0; i < 64; i++)
      tree.set(hexToBytes(`0x${i.toString(16).padStart(2, "0").repeat(32)}`), ZERO);
    tree.commit();
    const before = store.size;
    tree.set(ZERO, hexToBytes(`0x${"01".repeat(32)}`));
    const depth = tree.prove(ZERO).siblings.length;
    tree.commit();
    assert.equal(store.size - before, depth + 1);
  });

  it("opens the empty tree at ZERO, and fails on a root the store lacks", () => {
    const store = createMemoryNodeStore();
    assert.deepEqual(openStateTree({ store, root: ZERO_HASH }).root(), ZERO_HASH);
    assert.throws(() => openStateTree({ store, root: hexToBytes(`0x${"01".repeat(32)}`) }), NodeStoreError);
  });

  it("fails with NodeStoreError on a missing or malformed child", () => {
    const store = createMemoryNodeStore();
    const tree = createStateTree({ store });
    tree.set(ZERO, ZERO);
    tree.set(hexToBytes(`0x80${"00".repeat(31)}`), ZERO);
    const root = tree.commit();
    const rootNode = store.get(root)!;
    assert.equal(rootNode.kind, "internal");
    const partial = createMemoryNodeStore();
    partial.put(root, rootNode);
    assert.throws(() => openStateTree({ store: partial, root }).get(ZERO), NodeStoreError);
    const bad: TreeNode = { kind: "leaf", key: ZERO, value: new Uint8Array(3) };
    if (rootNode.kind === "internal") partial.put(rootNode.left, bad);
    assert.throws(() => openStateTree({ store: partial, root }).get(ZERO), NodeStoreError);
  });
});
