export { computeRootAfterDelete, type DeleteWitness } from "./computeRootAfterDelete.ts";
export { computeRootAfterSet } from "./computeRootAfterSet.ts";
export { NodeStoreError, ProofError, TreeInputError } from "./errors.ts";
export { internalHash, leafHash, ZERO_HASH } from "./hashing.ts";
export { firstDifferingBit, keyBit, sharesPrefix } from "./keyBits.ts";
export {
  createMemoryNodeStore,
  type MemoryNodeStore,
  type TreeNode,
  type TreeNodeStore,
  treeNodeHash,
} from "./nodeStore.ts";
export {
  checkProofShape,
  foldSiblings,
  MAX_PROOF_DEPTH,
  type ProofResult,
  type ProofTerminal,
  type TreeProof,
  terminalHash,
} from "./proof.ts";
export {
  type CreateStateTreeOptions,
  createStateTree,
  type OpenStateTreeOptions,
  openStateTree,
  type StateTree,
} from "./stateTree.ts";
export { verifyProof } from "./verifyProof.ts";
export { assertWord, isWord } from "./word.ts";
