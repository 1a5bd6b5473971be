import type { Address } from "../bytes.ts";
import { readBatchHeader, readBlockHeader, readTxRecord, txRecordToFields } from "../codec/batchReader.ts";
import { Malformed } from "../codec/malformed.ts";
import type { AddressRef, BlockHeader, TxRecord } from "../codec/types.ts";
import type { ChainConfig } from "../config.ts";
import { MIN_BASE_FEE } from "../constants.ts";
import { type L2State, StateInvariantError } from "../state/l2State.ts";
import type { QueueEntry } from "../state/queueEntry.ts";
import { applyQueueEntry, type QueueOutcome } from "./applyQueueEntry.ts";
import { applyTransaction, type SignedFields, type TxOutcome } from "./applyTransaction.ts";
import {
  type Cursor,
  commitmentOf,
  INITIAL_CURSOR,
  STATUS_ENDED,
  STATUS_HALTED,
  STATUS_RUNNING,
  STATUS_START,
} from "./cursor.ts";
import { recoverTxSender } from "./recoverTxSender.ts";

/** What one batch needs besides its data: docs/protocol.md §6.1. */
export type BatchContext = {
  readonly data: Uint8Array;
  /** The Bridge's queue length when the batch was appended. */
  readonly queueLimit: bigint;
  readonly config: ChainConfig;
  /** Queue entry by queue index; called only for indices below queueLimit. */
  readonly queueEntry: (queueIndex: bigint) => QueueEntry;
  /**
   * Senders recovered in advance (e.g. by a worker pool), by record offset. Undefined means "not
   * known": the machine recovers it itself.
   */
  readonly senderAt?: (recordOffset: number) => Address | null | undefined;
  /**
   * Transaction records decoded in advance from this batch's data (e.g. by decodeBatch, which uses
   * the same readers), by offset. Undefined means "not known": the machine reads the record itself.
   */
  readonly recordAt?: (recordOffset: number) => TxRecord | undefined;
};

export type StepResult =
  | { readonly kind: "noop" }
  | { readonly kind: "end" }
  | { readonly kind: "halt"; readonly offset: number; readonly malformed: Malformed }
  | {
      readonly kind: "block";
      readonly offset: number;
      readonly header: BlockHeader;
      readonly timestamp: bigint;
    }
  | { readonly kind: "queue"; readonly entry: QueueEntry; readonly outcome: QueueOutcome }
  | {
      readonly kind: "tx";
      readonly offset: number;
      readonly record: TxRecord;
      /** The signed fields, once every address reference resolved (absent if one did not). */
      readonly tx?: SignedFields;
      readonly outcome: TxOutcome;
    };

/**
 * The decoding machine of docs/protocol.md §6.4 over one batch: each step() is one step of the state
 * transition. The state is changed in place; the cursor is the rest of the machine state.
 */
export class BatchMachine {
  readonly state: L2State;
  readonly context: BatchContext;
  cursor: Cursor;
  /** Timestamp of the current block (not part of the commitment: it does not touch the state). */
  timestamp = 0n;

  constructor(state: L2State, context: BatchContext, cursor: Cursor = INITIAL_CURSOR) {
    this.state = state;
    this.context = context;
    this.cursor = cursor;
  }

  /** The step commitment of the current machine state. */
  commitment(): Uint8Array {
    return commitmentOf(this.state.stateRoot(), this.cursor);
  }

  step(): StepResult {
    const c = this.cursor;
    if (c.status === STATUS_ENDED || c.status === STATUS_HALTED) return { kind: "noop" };
    if (c.queueLeft === 0n && c.txLeft === 0n) return this.#blockStep();
    if (c.queueLeft > 0n) return this.#queueStep();
    return this.#txStep();
  }

  #halt(offset: number, malformed: Malformed): StepResult {
    this.cursor = { ...this.cursor, offset, status: STATUS_HALTED };
    return { kind: "halt", offset, malformed };
  }

  #blockStep(): StepResult {
    const { data, queueLimit } = this.context;
    let { offset, dictCount } = this.cursor;
    if (this.cursor.status === STATUS_START) {
      const header = readBatchHeader(data);
      if (header instanceof Malformed) return this.#halt(this.cursor.offset, header);
      offset = header.next;
      dictCount = header.dictCount;
      this.timestamp = header.timestamp;
      this.cursor = { ...this.cursor, offset, dictCount, status: STATUS_RUNNING };
    }
    if (offset === data.length) {
      this.cursor = { ...this.cursor, status: STATUS_ENDED };
      return { kind: "end" };
    }
    const header = readBlockHeader(data, offset);
    if (header instanceof Malformed) return this.#halt(offset, header);
    const available = queueLimit - this.state.queueApplied;
    this.timestamp += header.timestampDelta;
    this.cursor = {
      offset: header.next,
      status: STATUS_RUNNING,
      dictCount,
      baseFee: header.baseFee > MIN_BASE_FEE ? header.baseFee : MIN_BASE_FEE,
      queueLeft: header.queueCount < available ? header.queueCount : available > 0n ? available : 0n,
      txLeft: header.txCount,
    };
    return { kind: "block", offset, header, timestamp: this.timestamp };
  }

  #queueStep(): StepResult {
    const entry = this.context.queueEntry(this.state.queueApplied);
    const outcome = applyQueueEntry(this.state, entry, this.context.config);
    this.cursor = { ...this.cursor, queueLeft: this.cursor.queueLeft - 1n };
    return { kind: "queue", entry, outcome };
  }

  #txStep(): StepResult {
    const { data, config } = this.context;
    const offset = this.cursor.offset;
    const record = this.context.recordAt?.(offset) ?? readTxRecord(data, offset, this.cursor.dictCount);
    if (record instanceof Malformed) return this.#halt(offset, record);
    this.cursor = { ...this.cursor, offset: record.next, txLeft: this.cursor.txLeft - 1n };

    const to = this.#resolve(record.to);
    if (to === undefined)
      return { kind: "tx", offset, record, outcome: { status: "invalid", reason: "unknown-account-index" } };
    let recipient: Address | undefined;
    if (record.kind === 1) {
      recipient = this.#resolve(record.recipient);
      if (recipient === undefined) {
        return {
          kind: "tx",
          offset,
          record,
          outcome: { status: "invalid", reason: "unknown-account-index" },
        };
      }
    }
    const fields = txRecordToFields(record, config.chainId, to, recipient);
    const tx: SignedFields = { ...fields, yParity: record.yParity, r: record.r, s: record.s };
    const known = this.context.senderAt?.(offset);
    const sender = known === undefined ? recoverTxSender(tx) : known;
    const outcome = applyTransaction(this.state, tx, sender, this.cursor.baseFee, config);
    return { kind: "tx", offset, record, tx, outcome };
  }

  /** Resolves an address reference: a literal address, or an index read from the state. */
  #resolve(ref: AddressRef): Address | undefined {
    if ("address" in ref) return ref.address;
    if (ref.index > this.state.accountCount) return undefined;
    const address = this.state.addressOfIndex(ref.index);
    if (address === undefined)
      throw new StateInvariantError("account index without its leaf", { details: { index: ref.index } });
    return address;
  }
}
