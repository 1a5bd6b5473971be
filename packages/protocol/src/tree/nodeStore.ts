import { internalHash, leafHash } from "./hashing.ts";

/**
 * A stored node of the state tree, addressed by its hash: a single-leaf subtree is stored as its leaf,
 * a subtree of two or more leaves as its two child hashes (either may be ZERO_HASH, meaning empty).
 * Nodes are immutable: neither the tree nor a store mutates the arrays of a node once it is stored.
 */
export type TreeNode =
  | { readonly kind: "leaf"; readonly key: Uint8Array; readonly value: Uint8Array }
  | { readonly kind: "internal"; readonly left: Uint8Array; readonly right: Uint8Array };

/**
 * Content-addressed node storage behind the state tree.
 *
 * The interface is synchronous on purpose: the tree reads nodes while it descends (opening a tree at a
 * stored root loads nodes lazily as paths are touched), and that descent is the sequencer's hot path.
 * An await per node would cost a microtask per level and let other work interleave with a half-done
 * update. A PostgreSQL-backed store therefore loads the nodes it will serve into memory before the tree
 * is opened (all rows, or the nodes reachable from the root; pg is async, the preload is not on the hot
 * path), answers get() from memory, and buffers put() calls that it writes in one transaction after
 * StateTree.commit() returns (its own async flush, outside this interface).
 */
export interface TreeNodeStore {
  get(hash: Uint8Array): TreeNode | undefined;
  put(hash: Uint8Array, node: TreeNode): void;
}

/** The in-memory store, which also reports how many nodes it holds. */
export interface MemoryNodeStore extends TreeNodeStore {
  readonly size: number;
}

/** The hash a node is stored under: leafHash(key, value) or internal(left, right). */
export function treeNodeHash(node: TreeNode): Uint8Array {
  return node.kind === "leaf" ? leafHash(node.key, node.value) : internalHash(node.left, node.right);
}

// A 32-byte hash as a 16-character string (two bytes per UTF-16 unit): a compact Map key.
function hashToMapKey(hash: Uint8Array): string {
  let s = "";
  for (let i = 0; i < 32; i += 2) s += String.fromCharCode((hash[i]! << 8) | hash[i + 1]!);
  return s;
}

/** An in-memory TreeNodeStore (a Map keyed by the hash); the default store of a tree. */
export function createMemoryNodeStore(): MemoryNodeStore {
  const nodes = new Map<string, TreeNode>();
  return {
    get: (hash) => nodes.get(hashToMapKey(hash)),
    put: (hash, node) => {
      nodes.set(hashToMapKey(hash), node);
    },
    get size() {
      return nodes.size;
    },
  };
}
