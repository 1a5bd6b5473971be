import {
  type Address,
  applyQueueEntry,
  applyTransaction,
  bigintToBytes,
  blockHashOf,
  bytesToHex,
  type ChainConfig,
  concatBytes,
  type EncodableTx,
  encodingHints,
  type Hex,
  type IncludedOutcome,
  keccak256,
  type L2State,
  type Log,
  MAX_BATCH_STEPS,
  MIN_BASE_FEE,
  type QueueEntry,
  queueEntryHash,
  stateRootOf,
  transactionsHashOf,
  type WithdrawalLeaf,
  withdrawalLeafHash,
} from "@halcyon/protocol";
import { addLogToBloom, createBloom } from "../chain/logsBloom.ts";
import { receiptsRootOf } from "../chain/receiptsRoot.ts";
import {
  type AppliedQueueEntry,
  BLOCK_HEADER_BYTES,
  type BlockHeader,
  type BlockLog,
  type BlockWithdrawal,
  type IncludedTransaction,
  type QueueEntryResult,
  type SealedBlock,
} from "../chain/sealedBlock.ts";
import type { PoolTransaction, TxSelection } from "../mempool/mempool.ts";
import { BlockBatchSpace } from "./blockBatchSpace.ts";
import { StateJournal } from "./stateJournal.ts";

/**
 * The transaction hash under which a queue entry's logs are served: keccak(entryHash ‖
 * uint256(queueIndex)). Queue entries are not transactions of the block (docs/protocol.md §7);
 * the index makes the hash unique even for two identical deposits in the same L1 second.
 */
export function queueEntryPseudoHash(entryHash: Uint8Array, queueIndex: bigint): Hex {
  return bytesToHex(keccak256(concatBytes(entryHash, bigintToBytes(queueIndex, 32))));
}

export type BuildBlockInput = {
  readonly state: L2State;
  readonly config: ChainConfig;
  readonly parent: BlockHeader;
  /** Seconds; at least the parent's. */
  readonly timestamp: bigint;
  readonly baseFee: bigint;
  /** Entries starting at the state's queueApplied, in order. */
  readonly queueEntries: readonly QueueEntry[];
  /** Called once the queue entries are applied: the executable transactions, best first. */
  readonly selectTransactions: () => TxSelection;
  readonly maxTransactions: number;
};

export type BuiltBlock = {
  readonly block: SealedBlock;
  readonly journal: StateJournal;
  readonly included: readonly PoolTransaction[];
  /** Transactions that turned out invalid: they leave the pool, never the block. */
  readonly dropped: readonly PoolTransaction[];
};

function withdrawalOf(leaf: WithdrawalLeaf, transactionHash: Hex): BlockWithdrawal {
  return { leaf, leafHash: bytesToHex(withdrawalLeafHash(leaf)), transactionHash };
}

/**
 * Builds the next block on `state` (mutating it): the queue entries first, then transactions from
 * the selection by fee and nonce while the block stays within `maxTransactions`, MAX_BATCH_STEPS and
 * what one batch can hold (so the batcher can always post a block whole). Invalid transactions are
 * dropped. Synchronous: nothing else runs while a block is applied.
 */
export function buildBlock(input: BuildBlockInput): BuiltBlock {
  const { state, config, parent, timestamp, baseFee, queueEntries } = input;
  const priceBase = baseFee > MIN_BASE_FEE ? baseFee : MIN_BASE_FEE;
  const journal = new StateJournal(state.tree);
  const queueStart = state.queueApplied;
  const bloom = createBloom();
  let logIndex = 0;
  const withdrawals: BlockWithdrawal[] = [];
  const toBlockLogs = (logs: readonly Log[], transactionIndex: number, transactionHash: Hex): BlockLog[] =>
    logs.map((log) => {
      addLogToBloom(bloom, log);
      return { ...log, logIndex: logIndex++, transactionIndex, transactionHash };
    });

  state.observer = journal;
  try {
    // Queue entries.
    const entries = queueEntries.slice(0, MAX_BATCH_STEPS - 1);
    const applied: AppliedQueueEntry[] = entries.map((entry, position) => {
      const entryHash = queueEntryHash(entry);
      const pseudoHash = queueEntryPseudoHash(entryHash, entry.queueIndex);
      const outcome = applyQueueEntry(state, entry, config);
      let result: QueueEntryResult;
      let logs: readonly Log[] = [];
      if (outcome.kind === "deposit") {
        result = outcome.applied ? "deposited" : "deposit-refused";
        logs = outcome.logs;
      } else if (outcome.outcome.status === "invalid") {
        result = "forced-invalid";
      } else {
        result = outcome.outcome.status === "succeeded" ? "forced-succeeded" : "forced-failed";
        logs = outcome.outcome.logs;
        if (outcome.outcome.withdrawal !== undefined) {
          withdrawals.push(withdrawalOf(outcome.outcome.withdrawal, pseudoHash));
        }
      }
      return {
        entry,
        position,
        entryHash: bytesToHex(entryHash),
        pseudoHash,
        result,
        logs: toBlockLogs(logs, position, pseudoHash),
      };
    });

    // Transactions, while the block fits in one batch.
    const selection = input.selectTransactions();
    const space = new BlockBatchSpace({ baseFee, queueCount: BigInt(entries.length) });
    const maxTxs = Math.min(input.maxTransactions, MAX_BATCH_STEPS - 1 - entries.length);
    const included: PoolTransaction[] = [];
    const dropped: PoolTransaction[] = [];
    const transactions: IncludedTransaction[] = [];
    let cumulativeGasUsed = 0n;
    let size = BLOCK_HEADER_BYTES;
    while (transactions.length < maxTxs) {
      const pooled = selection.next();
      if (pooled === undefined) break;
      const { tx, sender } = pooled;
      const { chainId: _chainId, hash: _hash, ...fields } = tx;
      const hints = encodingHints(state, tx);
      const encodable: EncodableTx = { ...fields, ...hints };
      // Counted before it is applied: an invalid one keeps its room, which only errs on the safe side.
      if (!space.tryAdd(encodable)) break;
      const outcome = applyTransaction(state, tx, sender as Address, priceBase, config);
      if (outcome.status === "invalid") {
        dropped.push(pooled);
        continue;
      }
      selection.accepted(pooled);
      included.push(pooled);
      const done: IncludedOutcome = outcome;
      cumulativeGasUsed += done.gasUsed;
      size += BigInt(pooled.raw.length);
      const index = transactions.length;
      transactions.push({
        tx,
        raw: pooled.raw,
        sender,
        hints,
        index,
        status: done.status === "succeeded" ? 1 : 0,
        failure: done.failure,
        gasUsed: done.gasUsed,
        cumulativeGasUsed,
        effectiveGasPrice: done.effectiveGasPrice,
        logs: toBlockLogs(done.logs, index, tx.hash),
      });
      if (done.withdrawal !== undefined) withdrawals.push(withdrawalOf(done.withdrawal, tx.hash));
    }

    const stateHeader = state.header();
    const fields = {
      number: parent.number + 1n,
      parentHash: parent.hash,
      timestamp,
      baseFee,
      stateRoot: bytesToHex(stateRootOf(stateHeader)),
      transactionsHash: transactionsHashOf(transactions.map((t) => t.tx.hash)),
      queueStart,
      queueCount: BigInt(entries.length),
    };
    const header: BlockHeader = {
      ...fields,
      hash: blockHashOf(fields),
      receiptsRoot: receiptsRootOf(
        transactions.map((t) => ({
          hash: t.tx.hash,
          status: t.status,
          cumulativeGasUsed: t.cumulativeGasUsed,
        })),
      ),
      txCount: transactions.length,
      gasUsed: cumulativeGasUsed,
      logsBloom: bytesToHex(bloom),
      size,
      state: stateHeader,
    };
    return {
      block: { header, transactions, queueEntries: applied, withdrawals },
      journal,
      included,
      dropped,
    };
  } finally {
    state.observer = undefined;
  }
}
