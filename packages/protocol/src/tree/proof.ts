import { ProofError } from "./errors.ts";
import { internalHash, leafHash, ZERO_HASH } from "./hashing.ts";
import { keyBit, sharesPrefix } from "./keyBits.ts";
import { assertWord, isWord } from "./word.ts";

/**
 * What a proof finds at depth D = siblings.length on the key's path: an empty subtree, or a subtree
 * holding exactly one leaf (the key's own leaf, or another leaf that shares bits 0..D-1 with the key).
 */
export type ProofTerminal =
  | { readonly kind: "empty" }
  | { readonly kind: "leaf"; readonly key: Uint8Array; readonly value: Uint8Array };

/**
 * A proof for a key: siblings[d] is the hash of the child at depth d+1 that is NOT on the key's path
 * (top-down), and the terminal found at depth siblings.length.
 */
export type TreeProof = { readonly siblings: readonly Uint8Array[]; readonly terminal: ProofTerminal };

/** What a valid proof says about its key. */
export type ProofResult =
  | { readonly present: true; readonly value: Uint8Array }
  | { readonly present: false };

/** Maximum proof depth: a terminal can sit at most at depth 256 (one position per key). */
export const MAX_PROOF_DEPTH = 256;

/**
 * Checks the proof's shape for `key`: every sibling and terminal word 32 bytes, depth <= 256, and a
 * leaf terminal with another key shares bits 0..D-1 with `key`. Throws ProofError otherwise.
 * The key itself is checked as an input (TreeInputError).
 */
export function checkProofShape(key: Uint8Array, proof: TreeProof): void {
  assertWord(key, "key");
  const { siblings, terminal } = proof;
  if (!Array.isArray(siblings) || siblings.length > MAX_PROOF_DEPTH) {
    throw new ProofError("proof has too many siblings", { details: { depth: siblings?.length } });
  }
  for (let d = 0; d < siblings.length; d++) {
    if (!isWord(siblings[d]))
      throw new ProofError("proof sibling is not 32 bytes", { details: { depth: d } });
  }
  if (terminal?.kind === "empty") return;
  if (terminal?.kind !== "leaf") throw new ProofError("proof terminal is neither empty nor leaf");
  if (!isWord(terminal.key) || !isWord(terminal.value)) {
    throw new ProofError("proof leaf key or value is not 32 bytes");
  }
  if (!sharesPrefix(key, terminal.key, siblings.length)) {
    throw new ProofError("proof leaf is not on the key's path", { details: { depth: siblings.length } });
  }
}

/** The hash of the proof's terminal subtree: ZERO for empty, leafHash(key, value) for a leaf. */
export function terminalHash(terminal: ProofTerminal): Uint8Array {
  return terminal.kind === "empty" ? ZERO_HASH : leafHash(terminal.key, terminal.value);
}

/**
 * Folds `node`, the hash of the subtree at depth `depth` on `key`'s path, up to the root with
 * siblings[depth-1..0]: node = bit(key, d) == 0 ? internal(node, siblings[d]) : internal(siblings[d], node).
 */
export function foldSiblings(
  key: Uint8Array,
  node: Uint8Array,
  siblings: readonly Uint8Array[],
  depth: number = siblings.length,
): Uint8Array {
  let h = node;
  for (let d = depth - 1; d >= 0; d--) {
    const s = siblings[d]!;
    h = keyBit(key, d) === 0 ? internalHash(h, s) : internalHash(s, h);
  }
  return h;
}
