import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, describe, it } from "node:test";
import { createSilentLogger } from "../logger.ts";
import { deleteRedisKeys } from "../testing/deleteRedisKeys.ts";
import { runExitFixture } from "../testing/runFixture.ts";
import { waitFor } from "../testing/waitFor.ts";
import { type Job, type JobQueue, JobQueueError } from "./jobQueue.ts";
import { openJobQueue } from "./openJobQueue.ts";
import { redisConnectionOptions } from "./redisConnection.ts";

const logger = createSilentLogger();
const REDIS_URL = process.env.REDIS_URL;

type Data = { n: number };

/** Opens queues on one backend under a prefix unique to this run, and closes them all at the end. */
function backend(redisUrl: string | undefined) {
  const prefix = `halcyon-test-${process.pid}-${randomBytes(4).toString("hex")}`;
  const open: JobQueue<unknown>[] = [];
  let counter = 0;
  return {
    prefix,
    uniqueName: (label: string) => `${label}-${++counter}`,
    open<T = Data>(name: string): JobQueue<T> {
      const q = openJobQueue<T>(name, { logger, prefix, ...(redisUrl === undefined ? {} : { redisUrl }) });
      open.push(q as JobQueue<unknown>);
      return q;
    },
    async cleanup(): Promise<void> {
      await Promise.all(open.map((q) => q.close()));
      if (redisUrl !== undefined) await deleteRedisKeys(redisUrl, prefix);
    },
  };
}

function sharedBehaviour(b: ReturnType<typeof backend>, kind: "memory" | "bullmq"): void {
  it(`is the ${kind} queue`, () => {
    assert.equal(b.open(b.uniqueName("kind")).kind, kind);
  });

  it("ignores a re-add of an id that is waiting, delayed, active or completed", async () => {
    const q = b.open(b.uniqueName("idempotent"));
    await q.add("a", { n: 1 });
    await q.add("a", { n: 2 });
    await q.add("later", { n: 9 }, { delayMs: 60_000 });
    await q.add("later", { n: 9 });
    assert.deepEqual(await q.counts(), { waiting: 1, active: 0, delayed: 1, completed: 0, failed: 0 });
    const seen: Job<Data>[] = [];
    q.process(async (job) => {
      seen.push(job);
      if (job.id === "a") await q.add("a", { n: 3 }); // re-added while active
    });
    await waitFor(() => seen.length === 1, { what: "job a" });
    await waitFor(async () => (await q.counts()).completed === 1, { what: "a completed" });
    await q.add("a", { n: 4 }); // re-added once completed
    await q.add("sentinel", { n: 0 }); // FIFO: a re-run of "a" would come before it
    await waitFor(async () => (await q.counts()).completed === 2, { what: "the sentinel" });
    assert.deepEqual(
      seen.map((j) => [j.id, j.data.n, j.attempt]),
      [
        ["a", 1, 1],
        ["sentinel", 0, 1],
      ],
    );
    assert.deepEqual(await q.counts(), { waiting: 0, active: 0, delayed: 1, completed: 2, failed: 0 });
  });

  it("retries a throwing handler with exponential backoff, then succeeds", async () => {
    const q = b.open(b.uniqueName("retry"));
    const runs: { attempt: number; at: number }[] = [];
    q.process(async (job) => {
      runs.push({ attempt: job.attempt, at: performance.now() });
      assert.equal(job.attempts, 3);
      if (job.attempt < 3) throw new Error(`attempt ${job.attempt} fails`);
    });
    await q.add("flaky", { n: 1 }, { attempts: 3, backoffMs: 40 });
    await waitFor(async () => (await q.counts()).completed === 1, { what: "the third attempt" });
    assert.deepEqual(
      runs.map((r) => r.attempt),
      [1, 2, 3],
    );
    const [first, second, third] = runs.map((r) => r.at) as [number, number, number];
    assert.ok(second - first >= 35, `first backoff ${second - first} ms`);
    assert.ok(third - second >= 75, `second backoff ${third - second} ms (doubled)`);
  });

  it("marks a job failed when out of attempts, and runs it afresh when its id is re-added", async () => {
    const q = b.open(b.uniqueName("failed"));
    const attempts: number[] = [];
    let healthy = false;
    q.process(async (job) => {
      attempts.push(job.attempt);
      if (!healthy) throw new Error("down");
    });
    await q.add("doomed", { n: 1 }, { attempts: 2, backoffMs: 1 });
    await waitFor(async () => (await q.counts()).failed === 1, { what: "the job to fail" });
    assert.deepEqual(attempts, [1, 2]);
    healthy = true;
    await q.add("doomed", { n: 1 }, { attempts: 2, backoffMs: 1 });
    await waitFor(async () => (await q.counts()).completed === 1, { what: "the re-added job" });
    assert.deepEqual(attempts, [1, 2, 1]);
    assert.equal((await q.counts()).failed, 0);
  });

  it("runs a delayed job no earlier than its delay", async () => {
    const q = b.open(b.uniqueName("delay"));
    const added = performance.now();
    let ranAt = 0;
    q.process(async () => {
      ranAt = performance.now();
    });
    await q.add("d", { n: 1 }, { delayMs: 150 });
    assert.equal((await q.counts()).delayed, 1);
    await waitFor(() => ranAt > 0, { what: "the delayed job" });
    assert.ok(ranAt - added >= 145, `ran after ${ranAt - added} ms`);
  });

  it("never runs more handlers at once than the concurrency", async () => {
    const q = b.open(b.uniqueName("concurrency"));
    let running = 0;
    let peak = 0;
    let done = 0;
    for (let i = 0; i < 9; i++) await q.add(`job-${i}`, { n: i });
    q.process(
      async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 40));
        running--;
        done++;
      },
      { concurrency: 3 },
    );
    await waitFor(() => done === 9, { what: "nine jobs" });
    assert.equal(peak, 3);
  });

  it("refuses bad ids, bad options and data JSON cannot hold", async () => {
    const q = b.open(b.uniqueName("refuse"));
    await assert.rejects(q.add("12", { n: 1 }), JobQueueError);
    await assert.rejects(q.add("a:b", { n: 1 }), JobQueueError);
    await assert.rejects(q.add("", { n: 1 }), JobQueueError);
    await assert.rejects(q.add("ok", { n: 1 }, { attempts: 0 }), JobQueueError);
    await assert.rejects(q.add("ok", { n: 1n as unknown as number }), JobQueueError);
    q.process(async () => {});
    assert.throws(() => q.process(async () => {}), JobQueueError);
    await q.close();
    await assert.rejects(q.add("ok", { n: 1 }), JobQueueError);
  });

  it("lets the process exit after close, with a delayed job still pending", async () => {
    const out = await runExitFixture([
      "queue",
      kind === "memory" ? "memory" : REDIS_URL!,
      `${b.prefix}-exit`,
    ]);
    assert.deepEqual(out, { kind, seen: [1, 2] });
  });
}

describe("openJobQueue in-process", () => {
  const b = backend(undefined);
  after(() => b.cleanup());
  sharedBehaviour(b, "memory");
});

describe("openJobQueue on Redis (BullMQ)", {
  skip: REDIS_URL === undefined && "REDIS_URL is not set",
}, () => {
  const b = backend(REDIS_URL);
  after(async () => {
    await b.cleanup();
    await deleteRedisKeys(REDIS_URL!, `${b.prefix}-exit`);
  });
  sharedBehaviour(b, "bullmq");

  it("keeps a job added while no worker runs until a worker starts", async () => {
    const name = b.uniqueName("producer");
    const producer = b.open(name);
    await producer.add("queued", { n: 1 });
    await producer.close();
    const consumer = b.open(name);
    assert.equal((await consumer.counts()).waiting, 1);
    const runs: Job<Data>[] = [];
    consumer.process(async (job) => {
      runs.push(job);
    });
    await waitFor(async () => (await consumer.counts()).completed === 1, { what: "the queued job" });
    assert.deepEqual(
      runs.map((j) => [j.id, j.data.n, j.attempt]),
      [["queued", 1, 1]],
    );
  });

  it("hands a job that failed on one worker to the next after a restart, attempts counted", async () => {
    const name = b.uniqueName("restart");
    const first = b.open(name);
    const firstRuns: Job<Data>[] = [];
    first.process(async (job) => {
      firstRuns.push(job);
      throw new Error("crash before the effect");
    });
    await first.add("retrying", { n: 2 }, { attempts: 3, backoffMs: 300 });
    await waitFor(async () => (await first.counts()).delayed === 1, { what: "the first failure" });
    await first.close();
    await assert.rejects(first.add("x", { n: 0 }), JobQueueError);

    const second = b.open(name);
    const secondRuns: Job<Data>[] = [];
    second.process(async (job) => {
      secondRuns.push(job);
    });
    await waitFor(async () => (await second.counts()).completed === 1, { what: "the job after the restart" });
    assert.deepEqual(
      [...firstRuns, ...secondRuns].map((j) => [j.id, j.data.n, j.attempt]),
      [
        ["retrying", 2, 1],
        ["retrying", 2, 2],
      ],
    );
  });
});

describe("redisConnectionOptions", () => {
  it("reads host, port, credentials and db from the URL", () => {
    assert.deepEqual(redisConnectionOptions("redis://127.0.0.1:6379"), {
      host: "127.0.0.1",
      port: 6379,
      maxRetriesPerRequest: null,
    });
    assert.deepEqual(redisConnectionOptions("rediss://me:p%40ss@[::1]/3"), {
      host: "::1",
      port: 6379,
      username: "me",
      password: "p@ss",
      db: 3,
      tls: {},
      maxRetriesPerRequest: null,
    });
    assert.throws(() => redisConnectionOptions("http://x"), JobQueueError);
  });
});
