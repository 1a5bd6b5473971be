import { bigintToBytes } from "../bytes.ts";
import { WITHDRAWAL_TREE_DEPTH } from "../constants.ts";
import { keccak256, keccak256Pair } from "../crypto/keccak.ts";
import { BaseError } from "../errors.ts";

// The append-only withdrawals tree (docs/protocol.md §2.3): fixed depth 32, ZERO in unused leaves.

export class WithdrawalTreeError extends BaseError {
  override name = "WithdrawalTreeError";
}

const ZERO = new Uint8Array(32);

/** zero[h]: the root of an empty subtree of height h. */
export const WITHDRAWAL_ZERO_HASHES: readonly Uint8Array[] = (() => {
  const out: Uint8Array[] = [ZERO];
  for (let h = 0; h < WITHDRAWAL_TREE_DEPTH; h++) out.push(keccak256Pair(out[h]!, out[h]!));
  return out;
})();

export const EMPTY_WITHDRAWALS_ROOT: Uint8Array = WITHDRAWAL_ZERO_HASHES[WITHDRAWAL_TREE_DEPTH]!;

export type WithdrawalLeaf = {
  index: bigint;
  l2Sender: `0x${string}`;
  l1Recipient: `0x${string}`;
  l1Token: `0x${string}`;
  amount: bigint;
};

function addressWord(address: `0x${string}`): Uint8Array {
  return bigintToBytes(BigInt(address), 32);
}

/** keccak(abi.encode(uint256 index, address l2Sender, address l1Recipient, address l1Token, uint256 amount)). */
export function withdrawalLeafHash(leaf: WithdrawalLeaf): Uint8Array {
  const buf = new Uint8Array(160);
  buf.set(bigintToBytes(leaf.index, 32), 0);
  buf.set(addressWord(leaf.l2Sender), 32);
  buf.set(addressWord(leaf.l1Recipient), 64);
  buf.set(addressWord(leaf.l1Token), 96);
  buf.set(bigintToBytes(leaf.amount, 32), 128);
  return keccak256(buf);
}

/** Folds `cur` (the leaf at position `count`) up through the frontier of a tree of `count` leaves. */
export function foldFrontier(frontier: readonly Uint8Array[], count: bigint, cur: Uint8Array): Uint8Array {
  let node = cur;
  for (let h = 0; h < WITHDRAWAL_TREE_DEPTH; h++) {
    node =
      (count >> BigInt(h)) & 1n
        ? keccak256Pair(frontier[h]!, node)
        : keccak256Pair(node, WITHDRAWAL_ZERO_HASHES[h]!);
  }
  return node;
}

/**
 * The incremental withdrawals tree: keeps the frontier (one node per height) so an append costs
 * 32 hashes, and every leaf so that inclusion proofs can be served.
 */
export class WithdrawalTree {
  #leaves: Uint8Array[] = [];
  #frontier: Uint8Array[] = WITHDRAWAL_ZERO_HASHES.slice(0, WITHDRAWAL_TREE_DEPTH);
  #root: Uint8Array = EMPTY_WITHDRAWALS_ROOT;

  static fromLeaves(leaves: readonly Uint8Array[]): WithdrawalTree {
    const tree = new WithdrawalTree();
    for (const leaf of leaves) tree.append(leaf);
    return tree;
  }

  get count(): bigint {
    return BigInt(this.#leaves.length);
  }

  get root(): Uint8Array {
    return this.#root;
  }

  /** A copy of the frontier as it stands before the next append (the one-step witness needs it). */
  frontier(): Uint8Array[] {
    return this.#frontier.slice();
  }

  append(leafHash: Uint8Array): void {
    const count = this.count;
    if (count >= 1n << BigInt(WITHDRAWAL_TREE_DEPTH))
      throw new WithdrawalTreeError("withdrawals tree is full");
    this.#root = foldFrontier(this.#frontier, count, leafHash);
    // Update the frontier: carry the new leaf up while the subtree it completes is full.
    let node = leafHash;
    let h = 0;
    let position = count;
    while (h < WITHDRAWAL_TREE_DEPTH && (position & 1n) === 1n) {
      node = keccak256Pair(this.#frontier[h]!, node);
      position >>= 1n;
      h++;
    }
    if (h < WITHDRAWAL_TREE_DEPTH) this.#frontier[h] = node;
    this.#leaves.push(leafHash);
  }

  /** Siblings bottom-up of leaf `index`, for finalizeWithdrawal on L1. */
  proof(index: bigint): Uint8Array[] {
    if (index < 0n || index >= this.count)
      throw new WithdrawalTreeError("no such withdrawal", { details: { index } });
    let level: Uint8Array[] = this.#leaves.slice();
    let position = Number(index);
    const siblings: Uint8Array[] = [];
    for (let h = 0; h < WITHDRAWAL_TREE_DEPTH; h++) {
      const sibling = position ^ 1;
      siblings.push(level[sibling] ?? WITHDRAWAL_ZERO_HASHES[h]!);
      const next: Uint8Array[] = [];
      for (let i = 0; i < level.length; i += 2) {
        next.push(keccak256Pair(level[i]!, level[i + 1] ?? WITHDRAWAL_ZERO_HASHES[h]!));
      }
      level = next;
      position >>= 1;
    }
    return siblings;
  }
}

/** Checks a leaf against a withdrawals root with bottom-up siblings, as the Bridge does. */
export function verifyWithdrawalProof(
  root: Uint8Array,
  index: bigint,
  leafHash: Uint8Array,
  siblings: readonly Uint8Array[],
): boolean {
  if (siblings.length !== WITHDRAWAL_TREE_DEPTH) return false;
  let node = leafHash;
  for (let h = 0; h < WITHDRAWAL_TREE_DEPTH; h++) {
    node = (index >> BigInt(h)) & 1n ? keccak256Pair(siblings[h]!, node) : keccak256Pair(node, siblings[h]!);
  }
  return node.every((b, i) => b === root[i]);
}
