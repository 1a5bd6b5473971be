import type {
  Address,
  FailureReason,
  Hex,
  QueueEntry,
  SignedTransaction,
  StateHeader,
  WithdrawalLeaf,
} from "@halcyon/protocol";

// The shapes of a sealed L2 block as the sequencer keeps, stores and serves it. A block holds the
// queue entries it applied (first) and the transactions it included (after); only the transactions
// are "transactions of the block" (docs/protocol.md §7).

/** A log with its position, as receipts and eth_getLogs carry it. */
export type BlockLog = {
  readonly address: Address;
  readonly topics: readonly Hex[];
  readonly data: Hex;
  /** Position among all logs of the block (queue-entry logs first). */
  readonly logIndex: number;
  /**
   * The transaction's index in the block; for a queue-entry log, the entry's position among the
   * block's queue entries (see sequencer/README.md, "Queue entries and their logs").
   */
  readonly transactionIndex: number;
  /** The transaction hash, or a queue entry's pseudo hash (queueEntryPseudoHash). */
  readonly transactionHash: Hex;
};

/**
 * The batch encoder's hints for a transaction (docs/protocol.md §6.3): the account indices of its
 * recipient and of a token transfer's recipient when those accounts existed before it.
 */
export type AddressHints = { readonly toIndex?: bigint; readonly recipientIndex?: bigint };

/** A transaction included in a block, with its receipt. */
export type IncludedTransaction = {
  readonly tx: SignedTransaction;
  readonly raw: Uint8Array;
  readonly sender: Address;
  /** How the batcher names its addresses: as the block producer counted the block's batch room. */
  readonly hints: AddressHints;
  readonly index: number;
  readonly status: 0 | 1;
  readonly failure: FailureReason | undefined;
  readonly gasUsed: bigint;
  readonly cumulativeGasUsed: bigint;
  readonly effectiveGasPrice: bigint;
  readonly logs: readonly BlockLog[];
};

/** How a queue entry fared: see applyQueueEntry. */
export type QueueEntryResult =
  | "deposited"
  | "deposit-refused"
  | "forced-succeeded"
  | "forced-failed"
  | "forced-invalid";

export type AppliedQueueEntry = {
  readonly entry: QueueEntry;
  /** Position among the block's queue entries. */
  readonly position: number;
  readonly entryHash: Hex;
  readonly pseudoHash: Hex;
  readonly result: QueueEntryResult;
  readonly logs: readonly BlockLog[];
};

/** A withdrawal appended by a block, with the transaction (or queue entry) that made it. */
export type BlockWithdrawal = {
  readonly leaf: WithdrawalLeaf;
  readonly leafHash: Hex;
  readonly transactionHash: Hex;
};

/** The header fields of a block: those of docs/protocol.md §7 and what the RPC serves. */
export type BlockHeader = {
  readonly number: bigint;
  readonly hash: Hex;
  readonly parentHash: Hex;
  /** Seconds. */
  readonly timestamp: bigint;
  readonly baseFee: bigint;
  readonly stateRoot: Hex;
  readonly transactionsHash: Hex;
  readonly receiptsRoot: Hex;
  readonly queueStart: bigint;
  readonly queueCount: bigint;
  readonly txCount: number;
  readonly gasUsed: bigint;
  readonly logsBloom: Hex;
  /** Sum of the raw transaction sizes plus a fixed header allowance: a deterministic `size`. */
  readonly size: bigint;
  /** The state header after the block (its hash is stateRoot). */
  readonly state: StateHeader;
};

export type SealedBlock = {
  readonly header: BlockHeader;
  readonly transactions: readonly IncludedTransaction[];
  readonly queueEntries: readonly AppliedQueueEntry[];
  readonly withdrawals: readonly BlockWithdrawal[];
};

/** A state leaf written by a block, and the value it held before (undefined: absent). */
export type LeafChange = {
  readonly key: Uint8Array;
  readonly value: Uint8Array;
  readonly previous: Uint8Array | undefined;
};

/** What persisting a block writes besides the block itself. */
export type BlockWrites = {
  readonly block: SealedBlock;
  readonly leafChanges: readonly LeafChange[];
  /** Mempool rows to delete: the included transactions and those dropped as invalid. */
  readonly removedFromMempool: readonly Hex[];
};

/** The part of a block's reported `size` that is not its transactions. */
export const BLOCK_HEADER_BYTES = 508n;

/** The block gas limit the RPC reports. Gas is a fixed price per kind here; blocks are capped by batch size. */
export const BLOCK_GAS_LIMIT = 1_000_000_000n;
