import { equalBytes } from "../bytes.ts";
import { ProofError } from "./errors.ts";
import { ZERO_HASH } from "./hashing.ts";
import { firstDifferingBit } from "./keyBits.ts";
import { type TreeNode, treeNodeHash } from "./nodeStore.ts";
import { checkProofShape, foldSiblings, type TreeProof, terminalHash } from "./proof.ts";
import { isWord } from "./word.ts";

/**
 * What delete needs beyond a proof: when the key is present at depth D >= 1, `sibling` is the opened
 * node whose hash is siblings[D-1]. A hash alone does not say whether the sibling subtree holds one leaf
 * (which must then move up to where it is alone) or several. null when the key is absent or D = 0.
 */
export type DeleteWitness = { readonly proof: TreeProof; readonly sibling: TreeNode | null };

/**
 * The root after delete(key), from a witness (StateTree.proveDelete) whose proof is VALID against the
 * current root (call verifyProof first: this checks the proof's shape and the sibling's opening, not the
 * root). If the key is absent the root does not change. Throws ProofError if the opening is missing or
 * wrong. Not needed by the rollup, whose state transition never deletes.
 */
export function computeRootAfterDelete(key: Uint8Array, witness: DeleteWitness): Uint8Array {
  const { proof, sibling } = witness;
  checkProofShape(key, proof);
  const { siblings, terminal } = proof;
  const depth = siblings.length;
  if (terminal.kind === "empty" || !equalBytes(terminal.key, key)) {
    // Nothing to delete: the root is the one the proof folds to.
    return foldSiblings(key, terminalHash(terminal), siblings);
  }
  if (depth === 0) return ZERO_HASH;
  if (sibling === null || !isOpening(sibling) || !equalBytes(treeNodeHash(sibling), siblings[depth - 1]!)) {
    throw new ProofError("delete needs the opened sibling at the leaf's depth", { details: { depth } });
  }
  if (sibling.kind === "internal") return foldSiblings(key, ZERO_HASH, siblings);
  // The sibling subtree holds one leaf: it must lie in the other half of the parent at depth-1.
  if (firstDifferingBit(key, sibling.key) !== depth - 1) {
    throw new ProofError("sibling leaf is not beside the key", { details: { depth } });
  }
  // Its leaf now sits alone at depth-1, and higher as long as the siblings above are empty.
  let d = depth - 1;
  while (d > 0 && equalBytes(siblings[d - 1]!, ZERO_HASH)) d--;
  return foldSiblings(key, siblings[depth - 1]!, siblings, d);
}

function isOpening(node: TreeNode): boolean {
  return node.kind === "leaf"
    ? isWord(node.key) && isWord(node.value)
    : isWord(node.left) && isWord(node.right);
}
