import type { Address } from "../bytes.ts";
import { createBatchEncoder } from "../codec/batchEncoder.ts";
import type { EncodableTx } from "../codec/txRecordWriter.ts";
import type { ChainConfig } from "../config.ts";
import { MIN_BASE_FEE } from "../constants.ts";
import { BaseError } from "../errors.ts";
import type { L2State } from "../state/l2State.ts";
import type { QueueEntry } from "../state/queueEntry.ts";
import { applyQueueEntry, type QueueOutcome } from "../stf/applyQueueEntry.ts";
import { applyTransaction, type IncludedOutcome, type SignedFields } from "../stf/applyTransaction.ts";
import { encodingHints } from "../stf/encodingHints.ts";
import { recoverTxSender } from "../stf/recoverTxSender.ts";

// Sequencer-style execution for tests: blocks are built by applying queue entries and transactions
// directly (dropping invalid transactions, as a sequencer does), and encoded into batch data with
// the encoder's hints. Replaying the data must reach the same state.

export type ScenarioBlock = {
  readonly timestamp: bigint;
  readonly baseFee: bigint;
  readonly queueEntries: readonly QueueEntry[];
  readonly txs: readonly SignedFields[];
};

export type SequencedBlock = {
  readonly queueOutcomes: QueueOutcome[];
  readonly included: { tx: SignedFields; outcome: IncludedOutcome }[];
  readonly dropped: number;
  readonly stateRoot: Uint8Array;
};

export type SequencedBatch = {
  readonly data: Uint8Array;
  readonly blocks: SequencedBlock[];
  readonly steps: number;
  readonly stateRoot: Uint8Array;
};

/**
 * Applies blocks to `state` as the sequencer would and encodes them as one batch. With
 * `includeInvalid`, invalid transactions are encoded too (as a faulty or malicious sequencer might):
 * they are no-op steps on replay.
 */
export function sequenceBatch(
  state: L2State,
  config: ChainConfig,
  blocks: readonly ScenarioBlock[],
  options: { includeInvalid?: boolean } = {},
): SequencedBatch {
  const encoder = createBatchEncoder(blocks[0]?.timestamp ?? 0n);
  const out: SequencedBlock[] = [];
  let steps = 0;
  for (const block of blocks) {
    const queueOutcomes = block.queueEntries.map((entry) => applyQueueEntry(state, entry, config));
    encoder.addBlock({
      timestamp: block.timestamp,
      baseFee: block.baseFee,
      queueCount: BigInt(block.queueEntries.length),
    });
    steps += 1 + block.queueEntries.length;
    const priceBase = block.baseFee > MIN_BASE_FEE ? block.baseFee : MIN_BASE_FEE;
    const included: { tx: SignedFields; outcome: IncludedOutcome }[] = [];
    let dropped = 0;
    for (const tx of block.txs) {
      const hints = encodingHints(state, tx);
      const outcome = applyTransaction(state, tx, recoverTxSender(tx), priceBase, config);
      if (outcome.status === "invalid") {
        dropped++;
        if (!options.includeInvalid) continue;
      } else {
        included.push({ tx, outcome });
      }
      const { chainId: _chainId, ...fields } = tx;
      const encodable: EncodableTx = { ...fields, ...hints };
      encoder.addTx(encodable);
      steps++;
    }
    out.push({ queueOutcomes, included, dropped, stateRoot: state.stateRoot() });
  }
  return { data: encoder.finish(), blocks: out, steps, stateRoot: state.stateRoot() };
}

/** A queue lookup over a list of entries indexed by queue position. */
export function queueLookup(entries: readonly QueueEntry[]): (queueIndex: bigint) => QueueEntry {
  return (queueIndex) => {
    const entry = entries[Number(queueIndex)];
    if (entry === undefined || entry.queueIndex !== queueIndex) {
      throw new BaseError("no such queue entry", { details: { queueIndex } });
    }
    return entry;
  };
}

export type { Address };
