import { randomBytes } from "node:crypto";
import type { Hex } from "@halcyon/protocol";
import type { ChainEvents } from "../chain/chainEvents.ts";
import type { ChainReader } from "../chain/chainReader.ts";
import type { LogFilter } from "../store/logQuery.ts";
import { formatLog } from "./format.ts";

// Installed filters (eth_newFilter, eth_newBlockFilter, eth_newPendingTransactionFilter), polled with
// eth_getFilterChanges. ethers' Contract.on uses them over HTTP. A filter not polled for the timeout
// is removed.

type Base = { lastPoll: number };
type LogsFilter = Base & {
  readonly kind: "logs";
  readonly criteria: Omit<LogFilter, "fromBlock" | "toBlock">;
  readonly fromBlock: bigint;
  readonly toBlock: bigint | undefined;
  /** Last block whose logs were delivered. */
  cursor: bigint;
};
type BlocksFilter = Base & { readonly kind: "blocks"; cursor: bigint };
type PendingFilter = Base & { readonly kind: "pending"; hashes: Hex[]; stop: () => void };
type Filter = LogsFilter | BlocksFilter | PendingFilter;

const MAX_PENDING_BUFFER = 10_000;

export class FilterRegistry {
  readonly #filters = new Map<string, Filter>();
  readonly #reader: ChainReader;
  readonly #events: ChainEvents;
  readonly #timeoutMs: number;
  readonly #maxRange: bigint;
  readonly #maxResults: number;

  constructor(options: {
    reader: ChainReader;
    events: ChainEvents;
    timeoutMs: number;
    maxBlockRange: number;
    maxResults: number;
  }) {
    this.#reader = options.reader;
    this.#events = options.events;
    this.#timeoutMs = options.timeoutMs;
    this.#maxRange = BigInt(options.maxBlockRange);
    this.#maxResults = options.maxResults;
  }

  #newId(): Hex {
    return `0x${BigInt(`0x${randomBytes(16).toString("hex")}`).toString(16)}`;
  }

  #sweep(): void {
    const now = Date.now();
    for (const [id, f] of this.#filters) if (now - f.lastPoll > this.#timeoutMs) this.uninstall(id);
  }

  /** A log filter; its first poll returns matching logs of blocks after the head at install time. */
  newLogFilter(
    criteria: Omit<LogFilter, "fromBlock" | "toBlock">,
    fromBlock: bigint | undefined,
    toBlock: bigint | undefined,
  ): Hex {
    this.#sweep();
    const head = this.#reader.head.number;
    const id = this.#newId();
    const from = fromBlock ?? head + 1n;
    // A range starting in the past delivers that past on the first poll.
    this.#filters.set(id, {
      kind: "logs",
      criteria,
      fromBlock: from,
      toBlock,
      cursor: from - 1n,
      lastPoll: Date.now(),
    });
    return id;
  }

  newBlockFilter(): Hex {
    this.#sweep();
    const id = this.#newId();
    this.#filters.set(id, { kind: "blocks", cursor: this.#reader.head.number, lastPoll: Date.now() });
    return id;
  }

  newPendingTransactionFilter(): Hex {
    this.#sweep();
    const id = this.#newId();
    const filter: PendingFilter = { kind: "pending", hashes: [], lastPoll: Date.now(), stop: () => {} };
    filter.stop = this.#events.onPendingTransactions((txs) => {
      for (const tx of txs) if (filter.hashes.length < MAX_PENDING_BUFFER) filter.hashes.push(tx.hash);
    });
    this.#filters.set(id, filter);
    return id;
  }

  has(id: string): boolean {
    this.#sweep();
    return this.#filters.has(id);
  }

  /** What happened since the last poll; undefined for an unknown (or expired) filter. */
  async changes(id: string): Promise<unknown[] | undefined> {
    this.#sweep();
    const f = this.#filters.get(id);
    if (f === undefined) return undefined;
    f.lastPoll = Date.now();
    const head = this.#reader.head.number;
    if (f.kind === "pending") {
      const out = f.hashes;
      f.hashes = [];
      return out;
    }
    if (f.kind === "blocks") {
      if (head <= f.cursor) return [];
      const to = f.cursor + this.#maxRange < head ? f.cursor + this.#maxRange : head;
      const from = f.cursor + 1n;
      f.cursor = to; // before the await, so that a concurrent poll does not deliver the same blocks
      const headers = await this.#reader.headerRange(from, to);
      return headers.map((h) => h.hash);
    }
    let to = f.toBlock !== undefined && f.toBlock < head ? f.toBlock : head;
    if (to - f.cursor > this.#maxRange) to = f.cursor + this.#maxRange;
    if (to <= f.cursor) return [];
    const from = f.cursor + 1n;
    f.cursor = to;
    const logs = await this.#reader.logs({ ...f.criteria, fromBlock: from, toBlock: to }, this.#maxResults);
    return logs.map((l) => formatLog(l, l.blockNumber, l.blockHash));
  }

  /** eth_getFilterLogs: every log of a log filter's range so far; undefined if not a log filter. */
  async allLogs(id: string): Promise<unknown[] | undefined> {
    this.#sweep();
    const f = this.#filters.get(id);
    if (f === undefined || f.kind !== "logs") return undefined;
    f.lastPoll = Date.now();
    const head = this.#reader.head.number;
    const to = f.toBlock !== undefined && f.toBlock < head ? f.toBlock : head;
    const from = to - f.fromBlock >= this.#maxRange ? to - this.#maxRange + 1n : f.fromBlock;
    const logs = await this.#reader.logs({ ...f.criteria, fromBlock: from, toBlock: to }, this.#maxResults);
    return logs.map((l) => formatLog(l, l.blockNumber, l.blockHash));
  }

  uninstall(id: string): boolean {
    const f = this.#filters.get(id);
    if (f === undefined) return false;
    if (f.kind === "pending") f.stop();
    this.#filters.delete(id);
    return true;
  }

  close(): void {
    for (const id of [...this.#filters.keys()]) this.uninstall(id);
  }
}
