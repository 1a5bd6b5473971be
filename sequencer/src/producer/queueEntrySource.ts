import type { Address, QueueEntry } from "@halcyon/protocol";

/**
 * Where the block producer gets L1 queue entries. The L1 follower implements it from the Bridge's
 * events (with its confirmation depth and the force-inclusion deadline); tests and the devnet use
 * the in-memory one below.
 */
export interface QueueEntrySource {
  /**
   * Entries that may be applied now, starting exactly at queue index `from` and in queue order, at
   * most `max` of them (fewer, or none, is fine: the rest come in later blocks).
   */
  entriesFrom(from: bigint, max: number): Promise<readonly QueueEntry[]>;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An entry to append: the queue index is assigned; the L1 sender and timestamp have defaults. */
export type QueueEntryInput = DistributiveOmit<QueueEntry, "queueIndex" | "from" | "l1Timestamp"> & {
  readonly from?: Address;
  readonly l1Timestamp?: bigint;
};

export type MemoryQueueSource = QueueEntrySource & {
  /** Appends an entry at the next queue index; returns it. */
  append(entry: QueueEntryInput): QueueEntry;
  readonly length: bigint;
};

const DEFAULT_L1_SENDER: Address = "0x00000000000000000000000000000000000000d1";

/** An in-memory queue: what the Bridge would hold, for tests, benchmarks and a devnet without L1. */
export function createMemoryQueueSource(options: { now?: () => bigint } = {}): MemoryQueueSource {
  const now = options.now ?? (() => BigInt(Math.floor(Date.now() / 1000)));
  const entries: QueueEntry[] = [];
  return {
    append(input) {
      const entry = {
        ...input,
        from: input.from ?? DEFAULT_L1_SENDER,
        l1Timestamp: input.l1Timestamp ?? now(),
        queueIndex: BigInt(entries.length),
      } as QueueEntry;
      entries.push(entry);
      return entry;
    },
    get length() {
      return BigInt(entries.length);
    },
    async entriesFrom(from, max) {
      return entries.slice(Number(from), Number(from) + max);
    },
  };
}
