import type { Logger } from "@halcyon/node-common";
import {
  type Address,
  type Hex,
  planTxRecord,
  type RawRecoveryResult,
  type SenderRecoveryPool,
  UnencodableTransactionError,
} from "@halcyon/protocol";
import { refusalOfDecodeError, TransactionRefusedError } from "./errors.ts";
import type { AccountSnapshot, Admission, Mempool, PoolTransaction } from "./mempool.ts";

/** Writes admitted transactions (and deletes the rows of those they pushed out) in one statement. */
export type PersistAdmissions = (added: readonly PoolTransaction[], removed: readonly Hex[]) => Promise<void>;

export type TransactionIntakeOptions = {
  readonly chainId: bigint;
  readonly mempool: Mempool;
  readonly recovery: SenderRecoveryPool;
  /** The sender's account with everything applied so far ("pending"). */
  readonly accountOf: (address: Address) => AccountSnapshot;
  readonly persist: PersistAdmissions;
  readonly logger: Logger;
  /** How long the first transaction of a group waits for others (group commit). Default 2 ms. */
  readonly groupWindowMs?: number;
  /** A group is flushed at once when it reaches this size. Default 2,048. */
  readonly maxGroupSize?: number;
  /** Called with the transactions of each group once they are durable. */
  readonly onAdmitted?: (txs: readonly PoolTransaction[]) => void;
};

type Waiter = {
  readonly raw: Uint8Array;
  readonly resolve: (tx: PoolTransaction) => void;
  readonly reject: (error: TransactionRefusedError) => void;
};

/** What a submitter is answered: the pooled transaction, or why it was refused. */
type Answer = [Waiter, PoolTransaction | TransactionRefusedError];

/**
 * The door of the mempool. Raw transactions are collected for a few milliseconds, their senders
 * recovered together in the worker pool, checked one by one (in arrival order) and admitted to the
 * pool, and the admitted ones written to the store in one multi-row statement; only then are they
 * marked durable (a block may take them from then on) and their submitters answered. If the write
 * fails, the admissions are undone and every submitter of the group gets an error: an answered hash
 * is always durable, and a block never holds a transaction that is not.
 *
 * Admission is synchronous, like block building, so the two never interleave; groups are written
 * concurrently (each on its own connection with PostgreSQL).
 */
export class TransactionIntake {
  readonly #o: TransactionIntakeOptions;
  readonly #windowMs: number;
  readonly #maxGroup: number;
  #collecting: Waiter[] = [];
  #timer: NodeJS.Timeout | undefined;
  #tail: Promise<void> = Promise.resolve();
  readonly #writes = new Set<Promise<void>>();
  #closed = false;

  constructor(options: TransactionIntakeOptions) {
    this.#o = options;
    this.#windowMs = options.groupWindowMs ?? 2;
    this.#maxGroup = options.maxGroupSize ?? 2048;
  }

  /** Resolves with the pooled transaction once it is durable; rejects with TransactionRefusedError. */
  submit(raw: Uint8Array): Promise<PoolTransaction> {
    if (this.#closed) {
      return Promise.reject(new TransactionRefusedError("unavailable", "the sequencer is shutting down"));
    }
    return new Promise((resolve, reject) => {
      this.#collecting.push({ raw, resolve, reject });
      if (this.#collecting.length >= this.#maxGroup) this.#flush();
      else this.#timer ??= setTimeout(() => this.#flush(), this.#windowMs);
    });
  }

  /** Refuses new transactions and waits for every group in flight to be answered. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#flush();
    await this.#tail;
    await Promise.all([...this.#writes]);
  }

  /** Refuses new transactions and those still collecting, without waiting for groups in flight. */
  abort(): void {
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    const refusal = new TransactionRefusedError("unavailable", "the sequencer stopped");
    for (const w of this.#collecting) w.reject(refusal);
    this.#collecting = [];
  }

  #flush(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    const group = this.#collecting;
    if (group.length === 0) return;
    this.#collecting = [];
    // Recovery of this group overlaps with the commit of the one before it.
    const recovered = this.#o.recovery.recoverRaw(
      group.map((w) => w.raw),
      this.#o.chainId,
    );
    recovered.catch(() => {});
    // Groups are admitted in arrival order; their writes may overlap.
    const admitted = this.#tail.then(() => this.#commit(group, recovered));
    this.#tail = admitted.then(
      ({ written }) => {
        const settled = written.catch((error) =>
          this.#o.logger.error({ err: error }, "writing a group failed"),
        );
        this.#writes.add(settled);
        void settled.finally(() => {
          this.#writes.delete(settled);
        });
      },
      (error) => this.#o.logger.error({ err: error }, "admitting a group failed"),
    );
  }

  /** Admits a group once its senders are recovered; resolves (wrapped) with the promise of its write. */
  async #commit(
    group: Waiter[],
    recovered: Promise<RawRecoveryResult[]>,
  ): Promise<{ written: Promise<void> }> {
    let results: RawRecoveryResult[];
    try {
      results = await recovered;
    } catch (error) {
      this.#o.logger.error({ err: error }, "sender recovery failed");
      const refusal = new TransactionRefusedError("unavailable", "sender recovery is unavailable", {
        cause: error,
      });
      for (const w of group) w.reject(refusal);
      return { written: Promise.resolve() };
    }
    const admissions: Admission[] = [];
    let answers: Answer[];
    try {
      answers = this.#admitGroup(group, results, admissions);
    } catch (error) {
      // A defect, not a refusal: undo and answer the group rather than leave it (and every later one)
      // waiting.
      this.#o.logger.error({ err: error }, "admitting a group of transactions failed");
      for (let i = admissions.length - 1; i >= 0; i--) this.#o.mempool.undo(admissions[i]!);
      const refusal = new TransactionRefusedError("unavailable", "transaction not accepted: internal error", {
        cause: error,
      });
      for (const w of group) w.reject(refusal);
      return { written: Promise.resolve() };
    }
    return { written: this.#write(answers, admissions) };
  }

  /** Checks and admits each transaction of the group, in order (synchronous); fills `admissions`. */
  #admitGroup(group: Waiter[], results: RawRecoveryResult[], admissions: Admission[]): Answer[] {
    const { mempool } = this.#o;
    const answers: Answer[] = [];
    for (let i = 0; i < group.length; i++) {
      const waiter = group[i]!;
      const result = results[i]!;
      if (!result.ok) {
        answers.push([waiter, refusalOfDecodeError(result.error)]);
        continue;
      }
      try {
        const { chainId: _chainId, ...fields } = result.tx;
        planTxRecord(fields);
      } catch (error) {
        if (!(error instanceof UnencodableTransactionError)) throw error;
        answers.push([
          waiter,
          new TransactionRefusedError("unencodable", `transaction not accepted: ${error.message}`, {
            cause: error,
          }),
        ]);
        continue;
      }
      try {
        const admission = mempool.admit(
          { tx: result.tx, raw: waiter.raw, sender: result.sender },
          this.#o.accountOf(result.sender),
        );
        admissions.push(admission);
        answers.push([waiter, admission.added]);
      } catch (error) {
        if (!(error instanceof TransactionRefusedError)) throw error;
        answers.push([waiter, error]);
      }
    }
    return answers;
  }

  /** Writes the admitted transactions, then marks them durable and answers (or undoes and refuses). */
  async #write(answers: Answer[], admissions: Admission[]): Promise<void> {
    const { mempool } = this.#o;
    // Rows to write: admitted and still pooled (one admitted then replaced in the same group is not).
    const added = admissions.map((a) => a.added).filter((tx) => mempool.get(tx.hash) === tx);
    const removed = admissions.flatMap((a) => a.removed.map((tx) => tx.hash));
    let failure: TransactionRefusedError | undefined;
    if (admissions.length > 0) {
      try {
        await this.#o.persist(added, removed);
        for (const tx of added) tx.durable = true;
        this.#o.onAdmitted?.(added);
      } catch (error) {
        this.#o.logger.error({ err: error, count: added.length }, "could not persist admitted transactions");
        for (let i = admissions.length - 1; i >= 0; i--) mempool.undo(admissions[i]!);
        failure = new TransactionRefusedError(
          "unavailable",
          "transaction not accepted: the store is unavailable",
          {
            cause: error,
          },
        );
      }
    }
    for (const [waiter, result] of answers) {
      if (result instanceof TransactionRefusedError) waiter.reject(result);
      else if (failure !== undefined) waiter.reject(failure);
      else waiter.resolve(result);
    }
  }
}
