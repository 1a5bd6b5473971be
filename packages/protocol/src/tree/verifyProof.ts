import { equalBytes } from "../bytes.ts";
import { ProofError } from "./errors.ts";
import { checkProofShape, foldSiblings, type ProofResult, type TreeProof, terminalHash } from "./proof.ts";
import { assertWord } from "./word.ts";

/**
 * Verifies a proof for `key` against `root` and says whether the key is present and with what value.
 * An invalid proof THROWS ProofError (malformed, a leaf off the key's path, or a root mismatch), so a
 * returned result is always backed by the root; the Solidity verifier reverts in the same cases.
 */
export function verifyProof(root: Uint8Array, key: Uint8Array, proof: TreeProof): ProofResult {
  assertWord(root, "root");
  checkProofShape(key, proof);
  const computed = foldSiblings(key, terminalHash(proof.terminal), proof.siblings);
  if (!equalBytes(computed, root)) throw new ProofError("proof does not match the root");
  const { terminal } = proof;
  if (terminal.kind === "leaf" && equalBytes(terminal.key, key)) {
    return { present: true, value: terminal.value.slice() };
  }
  return { present: false };
}
