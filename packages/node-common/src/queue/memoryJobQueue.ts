import type { Logger } from "../logger.ts";
import {
  backoffDelay,
  checkJobId,
  checkQueueName,
  type JobAddOptions,
  type JobCounts,
  type JobHandler,
  type JobQueue,
  JobQueueError,
  jsonCopy,
  normalizeAddOptions,
  normalizeConcurrency,
} from "./jobQueue.ts";

type State = "waiting" | "delayed" | "active" | "completed" | "failed";

type Entry<T> = {
  readonly id: string;
  data: T | undefined; // dropped once completed
  readonly attempts: number;
  readonly backoffMs: number;
  failures: number;
  state: State;
  runAt: number;
  finishedAt: number;
};

/**
 * The in-process JobQueue: the semantics of the BullMQ one (idempotent ids, retries with exponential
 * backoff, delays, concurrency, FIFO order) in memory, for running without Redis. Not durable: jobs
 * still pending when the process stops are gone.
 */
export function createMemoryJobQueue<T>(
  name: string,
  options: { logger: Logger; completedRetentionMs: number; now?: () => number },
): JobQueue<T> {
  checkQueueName(name);
  const logger = options.logger.child({ queue: name });
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry<T>>();
  const waiting: Entry<T>[] = []; // FIFO
  const delayed: Entry<T>[] = []; // by runAt, then insertion
  const completedOrder: { entry: Entry<T>; at: number }[] = []; // by completion time
  const running = new Set<Promise<void>>();
  let handler: JobHandler<T> | undefined;
  let concurrency = 1;
  let active = 0;
  let timer: NodeJS.Timeout | undefined;
  let timerAt = Number.POSITIVE_INFINITY;
  let closing: Promise<void> | undefined;

  function insertDelayed(entry: Entry<T>): void {
    let lo = 0;
    let hi = delayed.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (delayed[mid]!.runAt <= entry.runAt) lo = mid + 1;
      else hi = mid;
    }
    delayed.splice(lo, 0, entry);
  }

  function pruneCompleted(): void {
    const horizon = now() - options.completedRetentionMs;
    while (completedOrder.length > 0 && completedOrder[0]!.at < horizon) {
      const { entry, at } = completedOrder.shift()!;
      if (entries.get(entry.id) === entry && entry.state === "completed" && entry.finishedAt === at) {
        entries.delete(entry.id);
      }
    }
  }

  function schedule(): void {
    const next = delayed[0];
    if (handler === undefined || closing !== undefined || next === undefined) return;
    if (timer !== undefined && timerAt <= next.runAt) return;
    if (timer !== undefined) clearTimeout(timer);
    timerAt = next.runAt;
    timer = setTimeout(
      () => {
        timer = undefined;
        timerAt = Number.POSITIVE_INFINITY;
        pump();
      },
      Math.max(0, next.runAt - now()),
    );
  }

  function pump(): void {
    const t = now();
    while (delayed.length > 0 && delayed[0]!.runAt <= t) {
      const entry = delayed.shift()!;
      entry.state = "waiting";
      waiting.push(entry);
    }
    while (handler !== undefined && closing === undefined && active < concurrency && waiting.length > 0) {
      start(waiting.shift()!, handler);
    }
    schedule();
  }

  function start(entry: Entry<T>, run: JobHandler<T>): void {
    entry.state = "active";
    active++;
    const job = {
      id: entry.id,
      data: entry.data as T,
      attempt: entry.failures + 1,
      attempts: entry.attempts,
    };
    const done = Promise.resolve()
      .then(() => run(job))
      .then(
        () => {
          entry.state = "completed";
          entry.finishedAt = now();
          entry.data = undefined;
          completedOrder.push({ entry, at: entry.finishedAt });
        },
        (error: unknown) => {
          entry.failures++;
          if (entry.failures < entry.attempts) {
            const delayMs = backoffDelay(entry.backoffMs, entry.failures);
            logger.warn(
              { err: error, jobId: entry.id, attempt: job.attempt, retryInMs: delayMs },
              "job failed, will retry",
            );
            entry.state = "delayed";
            entry.runAt = now() + delayMs;
            insertDelayed(entry);
          } else {
            logger.error(
              { err: error, jobId: entry.id, attempt: job.attempt },
              "job failed, out of attempts",
            );
            entry.state = "failed";
            entry.finishedAt = now();
          }
        },
      )
      .finally(() => {
        active--;
        running.delete(done);
        pump();
      });
    running.add(done);
  }

  return {
    kind: "memory",
    name,
    async add(jobId: string, data: T, addOptions?: JobAddOptions): Promise<void> {
      if (closing !== undefined) throw new JobQueueError(`queue ${name} is closed`);
      checkJobId(jobId);
      const o = normalizeAddOptions(addOptions);
      const copy = jsonCopy(data);
      pruneCompleted();
      const existing = entries.get(jobId);
      if (existing !== undefined && existing.state !== "failed") return;
      const entry: Entry<T> = {
        id: jobId,
        data: copy,
        attempts: o.attempts,
        backoffMs: o.backoffMs,
        failures: 0,
        state: o.delayMs > 0 ? "delayed" : "waiting",
        runAt: now() + o.delayMs,
        finishedAt: 0,
      };
      entries.set(jobId, entry);
      if (entry.state === "delayed") insertDelayed(entry);
      else waiting.push(entry);
      pump();
    },
    process(run: JobHandler<T>, processOptions?: { concurrency?: number }): void {
      if (closing !== undefined) throw new JobQueueError(`queue ${name} is closed`);
      if (handler !== undefined) throw new JobQueueError(`queue ${name} already has a handler`);
      concurrency = normalizeConcurrency(processOptions?.concurrency);
      handler = run;
      pump();
    },
    async counts(): Promise<JobCounts> {
      pruneCompleted();
      const c = { waiting: 0, active: 0, delayed: 0, completed: 0, failed: 0 };
      for (const entry of entries.values()) c[entry.state]++;
      return c;
    },
    close(): Promise<void> {
      closing ??= (async () => {
        if (timer !== undefined) clearTimeout(timer);
        timer = undefined;
        await Promise.allSettled([...running]);
      })();
      return closing;
    },
  };
}
