import type { Logger } from "@halcyon/node-common";

// Sync progress: while the verifier is behind L1 (a start from genesis, a restart after downtime) it
// logs, every interval, the blocks and batches it got through per second and an estimate of the time
// left to reach the confirmed head.

export type SyncSnapshot = {
  readonly syncing: boolean;
  readonly behindBlocks: string;
  readonly blocksPerSec: number;
  readonly batchesPerSec: number;
  readonly txsPerSec: number;
  /** Seconds to the confirmed head at the current pace; null when unknown or caught up. */
  readonly etaSeconds: number | null;
};

export type SyncProgressOptions = {
  readonly logger: Logger;
  /** How often to log while syncing (default 5,000 ms). */
  readonly intervalMs?: number;
  /** Milliseconds clock (default performance.now). */
  readonly now?: () => number;
};

export class SyncProgress {
  readonly #logger: Logger;
  readonly #intervalMs: number;
  readonly #now: () => number;
  #windowStart: number;
  #blocks = 0n;
  #batches = 0;
  #txs = 0;
  #cursor: bigint | undefined;
  #confirmed: bigint | undefined;
  #last: SyncSnapshot = {
    syncing: false,
    behindBlocks: "0",
    blocksPerSec: 0,
    batchesPerSec: 0,
    txsPerSec: 0,
    etaSeconds: null,
  };

  constructor(options: SyncProgressOptions) {
    this.#logger = options.logger;
    this.#intervalMs = options.intervalMs ?? 5_000;
    this.#now = options.now ?? (() => performance.now());
    this.#windowStart = this.#now();
  }

  /** The derivation stored blocks (from .. to]; `confirmed` is the head it is chasing. */
  onDerived(from: bigint, to: bigint, confirmed: bigint | undefined): void {
    this.#blocks += to - from + 1n;
    this.#cursor = to;
    if (confirmed !== undefined) this.#confirmed = confirmed;
  }

  onHead(cursor: bigint, confirmed: bigint | undefined): void {
    this.#cursor = cursor;
    if (confirmed !== undefined) this.#confirmed = confirmed;
  }

  onReplayed(batches: number, txs: number): void {
    this.#batches += batches;
    this.#txs += txs;
  }

  get behind(): bigint {
    if (this.#cursor === undefined || this.#confirmed === undefined) return 0n;
    const gap = this.#confirmed - this.#cursor;
    return gap > 0n ? gap : 0n;
  }

  snapshot(): SyncSnapshot {
    return this.#last;
  }

  /** Closes the window if it is over, and logs it if the verifier was syncing. */
  tick(): void {
    const now = this.#now();
    const elapsed = now - this.#windowStart;
    if (elapsed < this.#intervalMs) return;
    const seconds = elapsed / 1000;
    const blocksPerSec = Number(this.#blocks) / seconds;
    const behind = this.behind;
    const syncing = behind > 0n;
    this.#last = {
      syncing,
      behindBlocks: behind.toString(),
      blocksPerSec: Math.round(blocksPerSec * 10) / 10,
      batchesPerSec: Math.round((this.#batches / seconds) * 10) / 10,
      txsPerSec: Math.round(this.#txs / seconds),
      etaSeconds: syncing && blocksPerSec > 0 ? Math.ceil(Number(behind) / blocksPerSec) : null,
    };
    if (syncing || this.#batches > 0) {
      this.#logger.info(
        { ...this.#last, cursor: this.#cursor?.toString(), confirmed: this.#confirmed?.toString() },
        syncing ? "syncing from L1" : "replay progress",
      );
    }
    this.#windowStart = now;
    this.#blocks = 0n;
    this.#batches = 0;
    this.#txs = 0;
  }
}
