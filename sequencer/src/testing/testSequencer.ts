import { createSilentLogger, type Database } from "@halcyon/node-common";
import type { Address } from "@halcyon/protocol";
import {
  createServiceTestDatabase as createSequencerTestDatabase,
  type ServiceTestDatabase as TestDatabase,
} from "../../../packages/node-common/src/testing/serviceTestDatabase.ts";
import { TEST_CONFIG } from "../../../packages/protocol/src/testing/fixtures.ts";
import {
  createMemoryQueueSource,
  type MemoryQueueSource,
  type QueueEntryInput,
} from "../producer/queueEntrySource.ts";
import { type Sequencer, type SequencerOptions, startSequencer } from "../sequencer.ts";

// Test helper: a sequencer in-process on a random port, on a fresh database (PostgreSQL when
// DATABASE_URL is set, PGlite otherwise), with an in-memory L1 queue that survives restarts.

export type TestSequencer = {
  readonly sequencer: Sequencer;
  readonly queue: MemoryQueueSource;
  readonly db: Database;
  readonly url: string;
  readonly wsUrl: string;
  /** Appends queue entries and produces blocks until a persisted one has applied them. */
  enqueue(...entries: QueueEntryInput[]): Promise<void>;
  /** Funds addresses with ETH deposits (one queue entry each) and waits for them. */
  fund(amount: bigint, ...addresses: Address[]): Promise<void>;
  /** Waits until the head's number is at least `number`. */
  waitForBlock(number: bigint): Promise<void>;
  /**
   * Stops the sequencer (gracefully, or as a crash with `crash: true`), closes the database and
   * starts a new sequencer on the same data and queue.
   */
  restart(options?: { crash?: boolean }): Promise<TestSequencer>;
  /** Stops everything and deletes the data. */
  close(): Promise<void>;
};

type Options = Partial<Omit<SequencerOptions, "db" | "logger" | "queue" | "chainConfig" | "rpc">>;

async function start(
  store: TestDatabase,
  queue: MemoryQueueSource,
  options: Options,
): Promise<TestSequencer> {
  const db = await store.open();
  const sequencer = await startSequencer({
    db,
    logger: createSilentLogger(),
    chainConfig: TEST_CONFIG,
    queue,
    rpc: { host: "127.0.0.1", port: 0 },
    blockTimeMs: 25,
    groupWindowMs: 1,
    ...options,
  });
  const rpc = sequencer.rpc!;

  function waitUntil(done: () => boolean): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve) => {
      const stop = sequencer.events.onBlock(() => {
        if (!done()) return;
        stop();
        resolve();
      });
    });
  }

  const self: TestSequencer = {
    sequencer,
    queue,
    db,
    url: rpc.url,
    wsUrl: rpc.wsUrl,
    async enqueue(...entries) {
      let last = -1n;
      for (const e of entries) last = queue.append(e).queueIndex;
      while (sequencer.chain.head.state.queueApplied <= last) await sequencer.produceBlock();
    },
    fund(amount, ...addresses) {
      return self.enqueue(...addresses.map((to) => ({ kind: "eth-deposit" as const, to, amount })));
    },
    waitForBlock(number) {
      return waitUntil(() => sequencer.chain.head.number >= number);
    },
    async restart(restartOptions = {}) {
      if (restartOptions.crash === true) await sequencer.abort();
      else await sequencer.close();
      await db.close();
      return start(store, queue, options);
    },
    async close() {
      await sequencer.close();
      await store.cleanup();
    },
  };
  return self;
}

export async function startTestSequencer(label: string, options: Options = {}): Promise<TestSequencer> {
  const store = await createSequencerTestDatabase(label);
  return start(store, createMemoryQueueSource(), options);
}
