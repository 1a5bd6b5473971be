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
 * What finalizeWithdrawal takes: the withdrawal, a batch whose post-state contains it (its full record, as
 * BatchAppended emitted it), that batch's post-state header (whose hash is `batch.record.stateRoot`), and
 * the 32 siblings of the leaf, bottom-up (siblings[0] is the leaf's neighbour), as the Bridge folds them.
 */
export type WithdrawalProof = {
  readonly withdrawal: Withdrawal;
  readonly batch: { readonly index: bigint; readonly record: BatchRecord };
  readonly header: StateHeaderHex;
  readonly siblings: readonly Hex[];
};

/**
 * A withdrawal proof as the sequencer gives it once the batch is on L1 (rollup_getWithdrawalProof through
 * withdrawalProofFromRpc): the WithdrawalProof that finalizeWithdrawal takes, plus the leaf's hash, the L2
 * transaction and block that made it, the batch's record hash and L1 status, and whether it is final.
 */
export type SequencerWithdrawalProof = WithdrawalProof & {
  readonly leafHash: Hex;
  readonly transactionHash: Hex;
  readonly l2BlockNumber: bigint;
  readonly batch: {
    readonly index: bigint;
    readonly record: BatchRecord;
    /** The Rollup's hash of the record (hashRecord). */
    readonly recordHash: Hex;
    readonly l1Status: L1Status;
  };
  /** The batch is final on L1: finalizeWithdrawal pays now. */
  readonly finalizable: boolean;
};

/** A JSON-RPC quantity: `0x`-prefixed hex without leading zeros (Ethereum JSON-RPC convention). */
export type Quantity = Hex;

/** A withdrawal leaf on the wire (rollup_getWithdrawalProof's `withdrawal`). */
export type RpcWithdrawal = {
  readonly index: Quantity;
  readonly l2Sender: Address;
  readonly l1Recipient: Address;
  /** The zero address for ETH. */
  readonly l1Token: Address;
  readonly amount: Quantity;
};

/** A batch record on the wire, as the Rollup emitted it in BatchAppended (`steps` a quantity too). */
export type RpcBatchRecord = {
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

/** A post-state header on the wire (docs/protocol.md §2.4); its hash is the batch's state root. */
export type RpcStateHeader = {
  readonly treeRoot: Hex;
  readonly withdrawalsRoot: Hex;
  readonly withdrawalCount: Quantity;
  readonly queueApplied: Quantity;
  readonly accountCount: Quantity;
};

/** The fields rollup_getWithdrawalProof always has, from the L2 block that made the withdrawal on. */
type RpcWithdrawalFields = {
  readonly withdrawal: RpcWithdrawal;
  /** The leaf's hash in the withdrawals tree (docs/protocol.md §2.3). */
  readonly leafHash: Hex;
  /** The L2 transaction that made the withdrawal. */
  readonly transactionHash: Hex;
  readonly l2BlockNumber: Quantity;
};

/**
 * The JSON `rollup_getWithdrawalProof` puts on the wire (sequencer/src/rpc/methods/rollupGetWithdrawalProof.ts),
 * for a withdrawal found (`null` otherwise): every integer a quantity, addresses and hashes as hex. Before
 * the batcher cuts the withdrawal's batch, `batch`, `header` and `siblings` are null. Once cut, `batch`
 * has its index and L1 status, and `recordHash` and `record` are null together until the batch is in an
 * L1 block; `header` is the batch's post-state header and `siblings` the leaf's 32 siblings, bottom-up.
 * `finalizable` is true once the batch is final (the Bridge pays only then).
 */
export type RpcWithdrawalProof =
  | (RpcWithdrawalFields & {
      readonly batch: null;
      readonly header: null;
      readonly siblings: null;
      readonly finalizable: false;
    })
  | (RpcWithdrawalFields & {
      readonly batch: {
        readonly index: Quantity;
        readonly l1Status: L1Status;
        readonly recordHash: Hex | null;
        readonly record: RpcBatchRecord | null;
      };
      readonly header: RpcStateHeader;
      readonly siblings: readonly Hex[];
      readonly finalizable: boolean;
    });

/** rollup_getTransactionStatus on the wire (null when the sequencer does not know the hash). */
export type RpcTransactionStatus = {
  readonly transactionHash: Hex;
  readonly l2Status: "pending" | "included";
  readonly blockNumber: Quantity | null;
  readonly blockHash: Hex | null;
  readonly batchIndex: Quantity | null;
  readonly l1Status: L1Status;
  readonly l1TransactionHash: Hex | null;
  readonly l1BlockNumber: Quantity | null;
};

/** The sequencer's own status of a batch: cut, sent in an L1 block, confirmed on L1, final. */
export type BatchStoreStatus = "pending" | "submitted" | "posted" | "final";

/** rollup_getBatchByIndex on the wire; `data` and `dataLength` only when asked for with includeData. */
export type RpcBatch = {
  readonly index: Quantity;
  readonly firstBlock: Quantity;
  readonly lastBlock: Quantity;
  readonly steps: Quantity;
  readonly dataRoot: Hex;
  readonly data?: Hex;
  readonly dataLength?: Quantity;
  readonly parentStateRoot: Hex;
  readonly stateRoot: Hex;
  readonly header: RpcStateHeader;
  readonly queueStart: Quantity;
  readonly status: BatchStoreStatus;
  readonly l1Status: L1Status;
  readonly l1TransactionHash: Hex | null;
  readonly l1BlockNumber: Quantity | null;
  readonly l1BlockHash: Hex | null;
  readonly recordHash: Hex | null;
  readonly record: RpcBatchRecord | null;
};

/** rollup_getStatus on the wire. */
export type RpcRollupStatus = {
  readonly l2: {
    readonly head: Quantity;
    readonly headHash: Hex;
    readonly safe: Quantity;
    readonly finalized: Quantity;
    /** A JSON number. */
    readonly mempool: number;
  };
  readonly batches: {
    readonly last: Quantity | null;
    readonly lastPosted: Quantity | null;
    readonly lastFinal: Quantity | null;
    /** A JSON number. */
    readonly unposted: number;
  };
  /** The open games the sequencer's defender tracks (lo and hi as JSON numbers). */
  readonly openGames: readonly {
    readonly gameId: Quantity;
    readonly batchIndex: Quantity;
    readonly challenger: Address;
    readonly lo: number;
    readonly hi: number;
  }[];
  readonly l1: {
    readonly headBlock: Quantity | null;
    readonly followedBlock: Quantity | null;
    readonly queueLength: Quantity;
    readonly halted: string | null;
  } | null;
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
  readonly status: BatchStoreStatus;
  readonly l1Status: L1Status;
  readonly l1TransactionHash: Hex | null;
  readonly l1BlockNumber: bigint | null;
  readonly l1BlockHash: Hex | null;
  readonly recordHash: Hex | null;
  /** The record the Rollup emitted in BatchAppended, once the batch is in an L1 block. */
  readonly record: BatchRecord | null;
};

/** rollup_getStatus, with quantities as bigints. */
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
  /**
   * The open games the sequencer's defender tracks against its batches (its view; getOpenGames reads
   * them, with their clocks, from the DisputeGame contract itself).
   */
  readonly openGames: readonly {
    readonly gameId: bigint;
    readonly batchIndex: bigint;
    readonly challenger: Address;
    readonly lo: number;
    readonly hi: number;
  }[];
  /** What the sequencer sees of L1, or null before its L1 side has started. */
  readonly l1: {
    readonly headBlock: bigint | null;
    readonly followedBlock: bigint | null;
    /** Queue entries (deposits, forced transactions) the sequencer has confirmed on L1. */
    readonly queueLength: bigint;
    /** Why the sequencer's L1 follower stopped (it refuses an L1 that contradicts its chain), or null. */
    readonly halted: string | null;
  } | null;
};

/** A withdrawal made on L2 and where its batch stands (rollup_getWithdrawalProof, before or after L1). */
export type WithdrawalInfo = {
  readonly withdrawal: Withdrawal;
  /** The leaf's hash in the withdrawals tree. */
  readonly leafHash: Hex;
  /** The L2 transaction that made it. */
  readonly transactionHash: Hex;
  readonly l2BlockNumber: bigint;
  /** The batch holding it, once cut; null before. */
  readonly batchIndex: bigint | null;
  readonly l1Status: L1Status | null;
  /** The Rollup's hash of the batch's record, once the batch is in an L1 block; null before. */
  readonly recordHash: Hex | null;
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
