import { BaseError } from "../errors.ts";

/** A key, value or hash given to the state tree is not 32 bytes. */
export class TreeInputError extends BaseError {
  override name = "TreeInputError";
}

/** A proof is malformed, does not match the root, or cannot support the requested update. */
export class ProofError extends BaseError {
  override name = "ProofError";
}

/** The node store lacks a node the tree needs (a store not fully preloaded), or holds a malformed one. */
export class NodeStoreError extends BaseError {
  override name = "NodeStoreError";
}
