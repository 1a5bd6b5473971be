import { bytesToHex, equalBytes } from "../bytes.ts";
import type { DeleteWitness } from "./computeRootAfterDelete.ts";
import { NodeStoreError } from "./errors.ts";
import { ZERO_HASH } from "./hashing.ts";
import { keyBit } from "./keyBits.ts";
import { BRANCH, EMPTY, FRESH, KIND, LEAF, NodeArena, STORED, STORED_REF } from "./nodeArena.ts";
import { createMemoryNodeStore, type TreeNode, type TreeNodeStore } from "./nodeStore.ts";
import type { ProofTerminal, TreeProof } from "./proof.ts";
import { assertWord, isWord } from "./word.ts";

/**
 * The state tree: a compact sparse Merkle tree of 32-byte keys and values (see docs/protocol.md).
 *
 * Writes are batched: set() and delete() change the in-memory structure at once (get() sees them) and
 * only mark the touched path stale; root(), prove() and commit() rehash the stale nodes once, so a
 * block's writes share the hashing of their common ancestors. The root depends only on the set of
 * leaves, never on the order or grouping of writes.
 *
 * Arguments are copied and results are fresh arrays, so callers may reuse or mutate their buffers.
 */
export interface StateTree {
  /** The value at `key`, or undefined if no leaf holds it (a present key may hold 32 zero bytes). */
  get(key: Uint8Array): Uint8Array | undefined;
  has(key: Uint8Array): boolean;
  /** Inserts or updates the leaf of `key`. */
  set(key: Uint8Array, value: Uint8Array): void;
  /** Removes the leaf of `key`, collapsing a sibling left alone; returns whether it was present. */
  delete(key: Uint8Array): boolean;
  /** The root hash, after rehashing whatever the writes since the last call made stale. */
  root(): Uint8Array;
  /** A proof for `key` against root(): inclusion if present, exclusion otherwise. */
  prove(key: Uint8Array): TreeProof;
  /** A proof for `key` with the opened sibling that computeRootAfterDelete needs. */
  proveDelete(key: Uint8Array): DeleteWitness;
  /** Writes every node not yet in the store to the store, and returns the root. */
  commit(): Uint8Array;
}

export type CreateStateTreeOptions = {
  /** Where commit() writes nodes; an in-memory store by default. */
  readonly store?: TreeNodeStore;
};

export type OpenStateTreeOptions = {
  readonly store: TreeNodeStore;
  /** A root committed to `store` earlier (ZERO_HASH opens the empty tree). */
  readonly root: Uint8Array;
};

/** An empty state tree. */
export function createStateTree(options: CreateStateTreeOptions = {}): StateTree {
  return new ArenaTree(options.store ?? createMemoryNodeStore(), ZERO_HASH);
}

/**
 * The state tree at `root` in `store`. Nodes are read from the store as paths are touched (the root at
 * once, so a root missing from the store throws NodeStoreError here). Stored nodes are checked for
 * shape but trusted otherwise: they are not rehashed on load.
 */
export function openStateTree(options: OpenStateTreeOptions): StateTree {
  assertWord(options.root, "root");
  return new ArenaTree(options.store, options.root);
}

/** Clears FRESH and STORED: the node changed, so its hash is stale and the store lacks it. */
const CHANGED = ~(FRESH | STORED);

class ArenaTree implements StateTree {
  readonly #store: TreeNodeStore;
  readonly #arena = new NodeArena();
  #root: number;

  constructor(store: TreeNodeStore, root: Uint8Array) {
    this.#store = store;
    this.#root = this.#arena.allocStoredRef(root);
    if (this.#root !== EMPTY) this.#kindOf(this.#root); // a root missing from the store fails here
  }

  get(key: Uint8Array): Uint8Array | undefined {
    assertWord(key, "key");
    const leaf = this.#findLeaf(key);
    return leaf === EMPTY ? undefined : this.#arena.leafValue(leaf);
  }

  has(key: Uint8Array): boolean {
    assertWord(key, "key");
    return this.#findLeaf(key) !== EMPTY;
  }

  set(key: Uint8Array, value: Uint8Array): void {
    assertWord(key, "key");
    assertWord(value, "value");
    const a = this.#arena;
    let parent = EMPTY;
    let bit = 0;
    let node = this.#root;
    for (let d = 0; ; d++) {
      if (node === EMPTY) {
        this.#attach(parent, bit, a.allocLeaf(key, value));
        return;
      }
      const kind = this.#kindOf(node);
      if (kind === LEAF) {
        const p = a.leafKeyDiff(node, key);
        if (p === 256) a.setLeafValue(node, value);
        else this.#attach(parent, bit, placeApart(a, node, key, value, d, p));
        return;
      }
      a.flags[node] = a.flags[node]! & CHANGED;
      parent = node;
      bit = keyBit(key, d);
      node = bit === 0 ? a.left[node]! : a.right[node]!;
    }
  }

  delete(key: Uint8Array): boolean {
    assertWord(key, "key");
    const a = this.#arena;
    // path[d] is the branch at depth d on the key's path.
    const path: number[] = [];
    let node = this.#root;
    while (node !== EMPTY && this.#kindOf(node) === BRANCH) {
      path.push(node);
      node = keyBit(key, path.length - 1) === 0 ? a.left[node]! : a.right[node]!;
    }
    if (node === EMPTY || a.leafKeyDiff(node, key) !== 256) return false;
    a.free(node);
    if (path.length === 0) {
      this.#root = EMPTY;
      return true;
    }
    for (const b of path) a.flags[b] = a.flags[b]! & CHANGED;
    let d = path.length - 1;
    const last = path[d]!;
    const sibling = keyBit(key, d) === 0 ? a.right[last]! : a.left[last]!;
    this.#attach(last, keyBit(key, d), EMPTY);
    // A sibling subtree of several leaves keeps the branch; a lone leaf moves up to where it is alone
    // (its hash does not depend on its depth, so it stays fresh and stored) and the branches it leaves
    // behind are freed.
    if (this.#kindOf(sibling) !== LEAF) return true;
    while (d > 0) {
      const above = path[d - 1]!;
      if ((keyBit(key, d - 1) === 0 ? a.right[above] : a.left[above]) !== EMPTY) break;
      d--;
    }
    for (let j = d; j < path.length; j++) a.free(path[j]!);
    this.#attach(d === 0 ? EMPTY : path[d - 1]!, d === 0 ? 0 : keyBit(key, d - 1), sibling);
    return true;
  }

  root(): Uint8Array {
    this.#arena.refresh(this.#root);
    return this.#arena.hashOf(this.#root);
  }

  prove(key: Uint8Array): TreeProof {
    assertWord(key, "key");
    return this.#prove(key).proof;
  }

  proveDelete(key: Uint8Array): DeleteWitness {
    assertWord(key, "key");
    const { proof, lastBranch } = this.#prove(key);
    const { terminal, siblings } = proof;
    if (lastBranch === EMPTY || terminal.kind !== "leaf" || !equalBytes(terminal.key, key)) {
      return { proof, sibling: null };
    }
    const a = this.#arena;
    const other = keyBit(key, siblings.length - 1) === 0 ? a.right[lastBranch]! : a.left[lastBranch]!;
    if (other === EMPTY) {
      // Unreachable in a canonical tree: a leaf at depth >= 1 always has a non-empty sibling.
      throw new NodeStoreError("leaf without a sibling: the tree is not canonical");
    }
    this.#kindOf(other);
    return { proof, sibling: this.#openNode(other) };
  }

  commit(): Uint8Array {
    this.#arena.refresh(this.#root);
    this.#flush(this.#root);
    return this.#arena.hashOf(this.#root);
  }

  #prove(key: Uint8Array): { proof: TreeProof; lastBranch: number } {
    const a = this.#arena;
    a.refresh(this.#root);
    const siblings: Uint8Array[] = [];
    let lastBranch = EMPTY;
    let node = this.#root;
    while (node !== EMPTY && this.#kindOf(node) === BRANCH) {
      lastBranch = node;
      const bit = keyBit(key, siblings.length);
      siblings.push(a.hashOf(bit === 0 ? a.right[node]! : a.left[node]!));
      node = bit === 0 ? a.left[node]! : a.right[node]!;
    }
    const terminal: ProofTerminal =
      node === EMPTY ? { kind: "empty" } : { kind: "leaf", key: a.leafKey(node), value: a.leafValue(node) };
    return { proof: { siblings, terminal }, lastBranch };
  }

  #findLeaf(key: Uint8Array): number {
    const a = this.#arena;
    let node = this.#root;
    for (let d = 0; node !== EMPTY; d++) {
      if (this.#kindOf(node) === LEAF) return a.leafKeyDiff(node, key) === 256 ? node : EMPTY;
      node = keyBit(key, d) === 0 ? a.left[node]! : a.right[node]!;
    }
    return EMPTY;
  }

  #attach(parent: number, bit: number, child: number): void {
    if (parent === EMPTY) this.#root = child;
    else if (bit === 0) this.#arena.left[parent] = child;
    else this.#arena.right[parent] = child;
  }

  /** LEAF or BRANCH for a non-empty node, loading it from the store first if it is only there. */
  #kindOf(node: number): number {
    const kind = this.#arena.flags[node]! & KIND;
    if (kind !== STORED_REF) return kind;
    const a = this.#arena;
    const stored = this.#store.get(a.hashOf(node));
    if (stored === undefined) {
      throw new NodeStoreError("node missing from the store", {
        details: { hash: bytesToHex(a.hashOf(node)) },
      });
    }
    if (stored.kind === "leaf" && isWord(stored.key) && isWord(stored.value)) {
      a.loadLeaf(node, stored.key, stored.value);
      return LEAF;
    }
    if (stored.kind === "internal" && isWord(stored.left) && isWord(stored.right)) {
      a.loadBranch(node, stored.left, stored.right);
      return BRANCH;
    }
    throw new NodeStoreError("malformed node in the store", {
      details: { hash: bytesToHex(a.hashOf(node)) },
    });
  }

  /** The node as stored; its hash and its children's hashes must be fresh, and it must be loaded. */
  #openNode(node: number): TreeNode {
    const a = this.#arena;
    return (a.flags[node]! & KIND) === LEAF
      ? { kind: "leaf", key: a.leafKey(node), value: a.leafValue(node) }
      : { kind: "internal", left: a.hashOf(a.left[node]!), right: a.hashOf(a.right[node]!) };
  }

  #flush(node: number): void {
    const a = this.#arena;
    if ((a.flags[node]! & STORED) !== 0) return;
    if ((a.flags[node]! & KIND) === BRANCH) {
      this.#flush(a.left[node]!);
      this.#flush(a.right[node]!);
    }
    this.#store.put(a.hashOf(node), this.#openNode(node));
    a.flags[node] = a.flags[node]! | STORED;
  }
}

/**
 * The subtree at `depth` in which `leaf` (alone there until now) and a new leaf for key sit apart: a
 * branch at their first differing bit p, under one-child branches for depths depth..p-1.
 */
function placeApart(
  a: NodeArena,
  leaf: number,
  key: Uint8Array,
  value: Uint8Array,
  depth: number,
  p: number,
): number {
  const added = a.allocLeaf(key, value);
  let node = keyBit(key, p) === 0 ? a.allocBranch(added, leaf) : a.allocBranch(leaf, added);
  for (let d = p - 1; d >= depth; d--) {
    node = keyBit(key, d) === 0 ? a.allocBranch(node, EMPTY) : a.allocBranch(EMPTY, node);
  }
  return node;
}
