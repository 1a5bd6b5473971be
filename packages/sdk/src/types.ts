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

/** Where an L2 batch stands on L1: not confirmed yet, posted, posted with an open game, or final. */
export type L1Status = "pending" | "posted" | "challenged" | "final";

/** rollup_getTransactionStatus, with integers as bigints. */
export type TransactionStatus = {
  readonly transactionHash: Hex;
  /** pending: in the sequencer's pool; included: in an L2 block (the receipt exists). */
  readonly l2Status: "pending" | "included";
  readonly blockNumber: bigint | null;
  readonly blockHash: Hex | null;
  /** The batch holding the transaction's block, once the batcher has cut it. */
  readonly batchIndex: bigint | null;
  readonly l1Status: L1Status;
  /** The appendBatch transaction on L1, once it is in an L1 block. */
  readonly l1TransactionHash: Hex | null;
  readonly l1BlockNumber: bigint | null;
};

/** rollup_getBatchByIndex (without the data), with integers as bigints. */
export type BatchInfo = {
  readonly index: bigint;
  readonly firstBlock: bigint;
  readonly lastBlock: bigint;
  readonly steps: bigint;
  readonly dataRoot: Hex;
  readonly parentStateRoot: Hex;
  readonly stateRoot: Hex;
  /** The post-state header (its hash is stateRoot). */
  readonly header: StateHeaderHex;
  readonly queueStart: bigint;
  /** The sequencer's own view: pending, submitted (in an L1 block), posted (confirmed) or final. */
  readonly status: "pending" | "submitted" | "posted" | "final";
  readonly l1Status: L1Status;
  readonly l1TransactionHash: Hex | null;
  readonly l1BlockNumber: bigint | null;
  readonly l1BlockHash: Hex | null;
  readonly recordHash: Hex | null;
  /** The record the Rollup emitted in BatchAppended, once the batch is in an L1 block. */
  readonly record: BatchRecord | null;
};

/** rollup_getStatus without its game list (games are read from L1: getOpenGames). */
export type RollupStatus = {
  readonly l2: {
    readonly head: bigint;
    readonly headHash: Hex;
    /** The last L2 block in a batch posted on L1. */
    readonly safe: bigint;
    /** The last L2 block in a final batch. */
    readonly finalized: bigint;
    /** Transactions waiting in the sequencer's pool. */
    readonly mempool: number;
  };
  readonly batches: {
    readonly last: bigint | null;
    readonly lastPosted: bigint | null;
    readonly lastFinal: bigint | null;
    /** Batches cut but not yet confirmed on L1. */
    readonly unposted: number;
  };
  /** What the sequencer sees of L1, or null before its L1 side has started. */
  readonly l1: {
    readonly headBlock: bigint | null;
    readonly followedBlock: bigint | null;
    /** Queue entries (deposits, forced transactions) the sequencer has confirmed on L1. */
    readonly queueLength: bigint;
  } | null;
};

/** A withdrawal made on L2 and where its batch stands (rollup_getWithdrawalProof, before or after L1). */
export type WithdrawalInfo = {
  readonly withdrawal: Withdrawal;
  /** The L2 transaction that made it. */
  readonly transactionHash: Hex;
  readonly l2BlockNumber: bigint;
  /** The batch holding it, once cut; null before. */
  readonly batchIndex: bigint | null;
  readonly l1Status: L1Status | null;
  /** Whether the batch is final, so the Bridge pays it now. */
  readonly finalizable: boolean;
};

/** A dispute game in progress, as the DisputeGame contract has it. */
export type OpenGame = {
  readonly gameId: bigint;
  readonly batchIndex: bigint;
  readonly batchHash: Hex;
  readonly challenger: Address;
  readonly proposer: Address;
  /** The agreed and the disputed step; the game narrows them until hi - lo == 1. */
  readonly lo: number;
  readonly hi: number;
  readonly steps: number;
  /** Who must move now, and the seconds left on that side's clock (L1 time of the latest block). */
  readonly mover: "proposer" | "challenger";
  readonly moverSecondsLeft: bigint;
  readonly proposerClock: bigint;
  readonly challengerClock: bigint;
  readonly lastMoveAt: bigint;
};

/** Where a posted batch stands against its challenge window (getChallengeWindow). */
export type ChallengeWindow = {
  readonly batchIndex: bigint;
  /** L1 time (seconds) at which the window closes: the record's appendedAt + challengeWindow. */
  readonly closesAt: bigint;
  /** The latest L1 block's timestamp. */
  readonly l1Timestamp: bigint;
  /** Seconds until the window closes (0 once closed). */
  readonly secondsLeft: bigint;
  /** Still on L1: false once a won challenge deleted it (the withdrawal moves to a later batch). */
  readonly live: boolean;
  /** Games open against this batch now. */
  readonly openGames: bigint;
  /** Final on L1 already (Rollup.finalizedCount is above it). */
  readonly final: boolean;
  /** Final, or finalizeBatches(record) would make it final now: the Bridge pays its withdrawals. */
  readonly finalizable: boolean;
};
