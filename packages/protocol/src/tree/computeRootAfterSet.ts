import { equalBytes } from "../bytes.ts";
import { internalHash, leafHash, ZERO_HASH } from "./hashing.ts";
import { firstDifferingBit, keyBit } from "./keyBits.ts";
import { checkProofShape, foldSiblings, type TreeProof } from "./proof.ts";
import { assertWord } from "./word.ts";

/**
 * The root after set(key, newValue), computed from a proof for `key` that is VALID against the current
 * root (call verifyProof first: this function checks the proof's shape, not the root).
 *
 * At depth D = siblings.length: if the terminal is empty or key's own leaf, the new subtree is
 * leafHash(key, newValue). If it is another leaf (k2, v2), let p >= D be the first bit where key and k2
 * differ: the parent at depth p is internal(leaf, leaf2) ordered by bit p of key, wrapped for depths
 * p-1 down to D as internal(node, ZERO) or internal(ZERO, node) by key's bit. Then fold with the siblings.
 */
export function computeRootAfterSet(key: Uint8Array, newValue: Uint8Array, proof: TreeProof): Uint8Array {
  checkProofShape(key, proof);
  assertWord(newValue, "value");
  const { siblings, terminal } = proof;
  const depth = siblings.length;
  let node = leafHash(key, newValue);
  if (terminal.kind === "leaf" && !equalBytes(terminal.key, key)) {
    // checkProofShape guarantees p >= depth; p < 256 as the keys differ.
    const p = firstDifferingBit(key, terminal.key);
    const other = leafHash(terminal.key, terminal.value);
    node = keyBit(key, p) === 0 ? internalHash(node, other) : internalHash(other, node);
    for (let d = p - 1; d >= depth; d--) {
      node = keyBit(key, d) === 0 ? internalHash(node, ZERO_HASH) : internalHash(ZERO_HASH, node);
    }
  }
  return foldSiblings(key, node, siblings);
}
