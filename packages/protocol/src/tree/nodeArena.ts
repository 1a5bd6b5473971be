import { keccak256 } from "../crypto/keccak.ts";

// The state tree's in-memory nodes, as parallel typed arrays indexed by node number ("struct of
// arrays"). A first version used one JS object per node with its own 32-byte hash array: at 100,000
// leaves a third of an update went to garbage collection and pointer chasing. Here a node is an int,
// nothing per node is garbage-collected, and hashes are copied through Int32 views with no calls.

/** Node number of the empty subtree: its hash (bytes 0..31 of `hashes`) stays ZERO. */
export const EMPTY = 0;

/** Low bits of `flags`: what the node is. */
export const KIND = 3;
export const LEAF = 1;
export const BRANCH = 2;
/** A subtree still only in the node store: its hash is known, its content not yet loaded. */
export const STORED_REF = 3;
/** The hash in `hashes` is up to date. */
export const FRESH = 4;
/** The node, at its current content, is in the node store. */
export const STORED = 8;

// Reserved numbers: node 0 is EMPTY; nodes 1 and 2 are not nodes, their 64 hash bytes (32..95) are the
// input of internal hashes. Leaf slots 0 and 1 are not leaves: bytes 63..127 of `leafData` are the
// 65-byte leaf hash input 0x01 ‖ key ‖ value.
const FIRST_NODE = 3;
const FIRST_LEAF_SLOT = 2;
const INITIAL_CAPACITY = 1024;

/**
 * Storage of tree nodes. For a branch, left/right are child node numbers (EMPTY for an empty child).
 * For a leaf, left is its slot in `leafData` (64 bytes: key ‖ value). The arrays are replaced when
 * they grow, which only alloc*() does: re-read them after allocating.
 */
export class NodeArena {
  flags: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  hashes: Uint8Array;
  leafData: Uint8Array;
  #hashWords: Int32Array;
  #leafWords: Int32Array;
  #internalInput: Uint8Array;
  #leafInput: Uint8Array;
  #nextNode = FIRST_NODE;
  #nextLeaf = FIRST_LEAF_SLOT;
  readonly #freeNodes: number[] = [];
  readonly #freeLeaves: number[] = [];

  constructor() {
    this.flags = new Uint8Array(INITIAL_CAPACITY);
    this.left = new Int32Array(INITIAL_CAPACITY);
    this.right = new Int32Array(INITIAL_CAPACITY);
    this.hashes = new Uint8Array(INITIAL_CAPACITY * 32);
    this.#hashWords = new Int32Array(this.hashes.buffer);
    this.#internalInput = this.hashes.subarray(32, 96);
    this.leafData = new Uint8Array(INITIAL_CAPACITY * 64);
    this.#leafWords = new Int32Array(this.leafData.buffer);
    this.#leafInput = this.leafData.subarray(63, 128);
    this.leafData[63] = 0x01;
    this.flags[EMPTY] = FRESH | STORED;
  }

  /** A new leaf holding copies of key and value, stale and unstored. */
  allocLeaf(key: Uint8Array, value: Uint8Array): number {
    const i = this.#allocNode();
    const slot = this.#freeLeaves.pop() ?? this.#nextLeaf++;
    if (slot * 64 + 64 > this.leafData.length) this.#growLeaves();
    this.leafData.set(key, slot * 64);
    this.leafData.set(value, slot * 64 + 32);
    this.flags[i] = LEAF;
    this.left[i] = slot;
    this.right[i] = 0;
    return i;
  }

  /** A new branch with the given children, stale and unstored. */
  allocBranch(left: number, right: number): number {
    const i = this.#allocNode();
    this.flags[i] = BRANCH;
    this.left[i] = left;
    this.right[i] = right;
    return i;
  }

  /** A placeholder for the stored subtree with this hash (EMPTY for ZERO). */
  allocStoredRef(hash: Uint8Array): number {
    let zero = true;
    for (let k = 0; k < 32; k++) if (hash[k] !== 0) zero = false;
    if (zero) return EMPTY;
    const i = this.#allocNode();
    this.hashes.set(hash, i * 32);
    this.flags[i] = STORED_REF | FRESH | STORED;
    this.left[i] = 0;
    this.right[i] = 0;
    return i;
  }

  /** Turns a stored ref into a loaded leaf in place (same node number). */
  loadLeaf(i: number, key: Uint8Array, value: Uint8Array): void {
    const slot = this.#freeLeaves.pop() ?? this.#nextLeaf++;
    if (slot * 64 + 64 > this.leafData.length) this.#growLeaves();
    this.leafData.set(key, slot * 64);
    this.leafData.set(value, slot * 64 + 32);
    this.left[i] = slot;
    this.flags[i] = LEAF | FRESH | STORED;
  }

  /** Turns a stored ref into a loaded branch in place, its children stored refs. */
  loadBranch(i: number, leftHash: Uint8Array, rightHash: Uint8Array): void {
    const l = this.allocStoredRef(leftHash);
    const r = this.allocStoredRef(rightHash);
    this.left[i] = l;
    this.right[i] = r;
    this.flags[i] = BRANCH | FRESH | STORED;
  }

  /** Returns a node (and a leaf's slot) for reuse. */
  free(i: number): void {
    if ((this.flags[i]! & KIND) === LEAF) this.#freeLeaves.push(this.left[i]!);
    this.flags[i] = 0;
    this.#freeNodes.push(i);
  }

  /** Overwrites a leaf's value in place and marks it stale and unstored. */
  setLeafValue(i: number, value: Uint8Array): void {
    this.leafData.set(value, this.left[i]! * 64 + 32);
    this.flags[i] = LEAF;
  }

  /** The first bit where a leaf's key and `key` differ, or 256 if they are equal. */
  leafKeyDiff(i: number, key: Uint8Array): number {
    const data = this.leafData;
    const base = this.left[i]! * 64;
    for (let k = 0; k < 32; k++) {
      const x = data[base + k]! ^ key[k]!;
      if (x !== 0) return k * 8 + Math.clz32(x) - 24;
    }
    return 256;
  }

  leafKey(i: number): Uint8Array {
    const base = this.left[i]! * 64;
    return this.leafData.slice(base, base + 32);
  }

  leafValue(i: number): Uint8Array {
    const base = this.left[i]! * 64 + 32;
    return this.leafData.slice(base, base + 32);
  }

  /** A copy of a node's hash (call refresh first if it may be stale). */
  hashOf(i: number): Uint8Array {
    return this.hashes.slice(i * 32, i * 32 + 32);
  }

  /**
   * Recomputes the hashes of the stale nodes of the subtree at `i` (fresh subtrees are not entered):
   * leafHash = keccak256(0x01 ‖ key ‖ value), internal = keccak256(left ‖ right), as in hashing.ts.
   */
  refresh(i: number): void {
    const f = this.flags[i]!;
    if ((f & FRESH) !== 0) return;
    let digest: Uint8Array;
    if ((f & KIND) === LEAF) {
      const words = this.#leafWords;
      const src = this.left[i]! * 16;
      for (let k = 0; k < 16; k++) words[16 + k] = words[src + k]!;
      digest = keccak256(this.#leafInput);
    } else {
      const l = this.left[i]!;
      const r = this.right[i]!;
      this.refresh(l);
      this.refresh(r);
      const words = this.#hashWords;
      const ls = l * 8;
      const rs = r * 8;
      for (let k = 0; k < 8; k++) {
        words[8 + k] = words[ls + k]!;
        words[16 + k] = words[rs + k]!;
      }
      digest = keccak256(this.#internalInput);
    }
    this.hashes.set(digest, i * 32);
    this.flags[i] = f | FRESH;
  }

  #allocNode(): number {
    const reused = this.#freeNodes.pop();
    if (reused !== undefined) return reused;
    const i = this.#nextNode++;
    if (i >= this.flags.length) this.#growNodes();
    return i;
  }

  #growNodes(): void {
    const n = this.flags.length * 2;
    this.flags = grown(this.flags, new Uint8Array(n));
    this.left = grown(this.left, new Int32Array(n));
    this.right = grown(this.right, new Int32Array(n));
    this.hashes = grown(this.hashes, new Uint8Array(n * 32));
    this.#hashWords = new Int32Array(this.hashes.buffer);
    this.#internalInput = this.hashes.subarray(32, 96);
  }

  #growLeaves(): void {
    this.leafData = grown(this.leafData, new Uint8Array(this.leafData.length * 2));
    this.#leafWords = new Int32Array(this.leafData.buffer);
    this.#leafInput = this.leafData.subarray(63, 128);
  }
}

function grown<T extends Uint8Array | Int32Array>(old: T, bigger: T): T {
  bigger.set(old);
  return bigger;
}
