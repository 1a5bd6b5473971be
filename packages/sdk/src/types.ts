import type { Address, Hex } from "viem";
import type { BatchRecord, Deployment } from "../../node-common/src/l1/deployment.ts";

// Types shared by the viem and ethers helpers. The deployment file's type and the batch record come from
// node-common by path (type-only), so the SDK does not pull in node-common's server dependencies.

export type { BatchRecord, Deployment };

/** A withdrawal leaf (docs/protocol.md §2.3) as the Bridge's finalizeWithdrawal takes it. */
export type Withdrawal = {
  /** Position in the withdrawals tree, from 0. */
  readonly index: bigint;
  readonly l2Sender: Address;
  readonly l1Recipient: Address;
  /** The zero address for ETH. */
  readonly l1Token: Address;
  readonly amount: bigint;
};

/** The state header (docs/protocol.md §2.4) with 32-byte roots as hex, as the contracts take it. */
export type StateHeaderHex = {
  readonly treeRoot: Hex;
  readonly withdrawalsRoot: Hex;
  readonly withdrawalCount: bigint;
  readonly queueApplied: bigint;
  readonly accountCount: bigint;
};

/**
 * What `rollup_getWithdrawalProof` returns (after withdrawalProofFromRpc) and finalizeWithdrawal takes:
 * the withdrawal, a batch whose post-state contains it (its full record, as BatchAppended emitted it),
 * that batch's post-state header (whose hash is `batch.record.stateRoot`), and the 32 siblings of the
 * leaf, bottom-up (siblings[0] is the leaf's neighbour), as the Bridge folds them.
 */
export type WithdrawalProof = {
  readonly withdrawal: Withdrawal;
  readonly batch: { readonly index: bigint; readonly record: BatchRecord };
  readonly header: StateHeaderHex;
  readonly siblings: readonly Hex[];
};

/** A JSON-RPC quantity: `0x`-prefixed hex without leading zeros (Ethereum JSON-RPC convention). */
export type Quantity = Hex;

/**
 * The JSON `rollup_getWithdrawalProof` puts on the wire: WithdrawalProof with every integer as a
 * quantity (`steps` included) and addresses and hashes as hex. `null` when the transaction made no
 * withdrawal or its withdrawal is not yet in an appended batch.
 */
export type RpcWithdrawalProof = {
  readonly withdrawal: {
    readonly index: Quantity;
    readonly l2Sender: Address;
    readonly l1Recipient: Address;
    readonly l1Token: Address;
    readonly amount: Quantity;
  };
  readonly batch: {
    readonly index: Quantity;
    readonly record: {
      readonly index: Quantity;
      readonly epoch: Quantity;
      readonly dataRoot: Hex;
      readonly parentStateRoot: Hex;
      readonly stateRoot: Hex;
      readonly steps: Quantity;
      readonly queueStart: Quantity;
      readonly queueLimit: Quantity;
      readonly queueApplied: Quantity;
      readonly appendedAt: Quantity;
      readonly proposer: Address;
    };
  };
  readonly header: {
    readonly treeRoot: Hex;
    readonly withdrawalsRoot: Hex;
    readonly withdrawalCount: Quantity;
    readonly queueApplied: Quantity;
    readonly accountCount: Quantity;
  };
  readonly siblings: readonly Hex[];
};

/** A queue entry made on L1: the transaction and the entry's position in the Bridge's queue. */
export type QueueEntryResult = { readonly hash: Hex; readonly queueIndex: bigint };

/** Whether a withdrawal was paid (or credited) on L1. */
export type WithdrawalStatus = { readonly index: bigint; readonly finalized: boolean };
