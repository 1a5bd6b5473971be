import { BaseError } from "../errors.ts";

/** One run of a job, as its handler sees it. `attempt` counts from 1; `attempts` is the most it gets. */
export type Job<T> = {
  readonly id: string;
  readonly data: T;
  readonly attempt: number;
  readonly attempts: number;
};

export type JobHandler<T> = (job: Job<T>) => Promise<void>;

export type JobAddOptions = {
  /** Run no earlier than this many ms from now. Default 0. */
  readonly delayMs?: number;
  /** Total tries, the first included. Default 5. */
  readonly attempts?: number;
  /** Wait before the first retry; it doubles for each further retry (exponential). Default 1,000 ms. */
  readonly backoffMs?: number;
};

export type JobCounts = {
  readonly waiting: number;
  readonly active: number;
  /** Scheduled later: added with a delay, or waiting out a backoff before a retry. */
  readonly delayed: number;
  /** Completed within the retention period (their ids are remembered: re-adding one is a no-op). */
  readonly completed: number;
  /** Out of attempts. Re-adding a failed id starts it again with fresh attempts. */
  readonly failed: number;
};

/**
 * A durable job queue with idempotent ids (BullMQ on Redis, or in-process without Redis).
 *
 * Idempotency: `add(id)` is a no-op while a job with that id is waiting, delayed, active or retrying,
 * and for `completedRetentionMs` (default 7 days) after it completed; the data of the first add wins.
 * Re-adding the id of a job that failed for good replaces it. Delivery is at least once: a handler
 * may run again for a job that already had its effect (a crash between the effect and the
 * acknowledgement, or a stalled lock), so handlers must be idempotent too.
 *
 * Data goes through JSON on both backends (bigint is refused: pass it as a decimal string).
 */
export type JobQueue<T> = {
  readonly kind: "bullmq" | "memory";
  readonly name: string;
  add(jobId: string, data: T, options?: JobAddOptions): Promise<void>;
  /** Starts handling jobs (once per queue). A handler that throws is retried with backoff. */
  process(handler: JobHandler<T>, options?: { concurrency?: number }): void;
  counts(): Promise<JobCounts>;
  /** Stops taking jobs, waits for running handlers, and releases every connection and timer. */
  close(): Promise<void>;
};

export class JobQueueError extends BaseError {
  override name = "JobQueueError";
}

export const JOB_QUEUE_DEFAULTS = {
  attempts: 5,
  backoffMs: 1_000,
  concurrency: 1,
  completedRetentionMs: 7 * 24 * 3600 * 1000,
} as const;

const NAME = /^[A-Za-z0-9_.-]{1,100}$/;
const JOB_ID = /^[A-Za-z0-9_.-]{1,200}$/;

export function checkQueueName(name: string): void {
  if (!NAME.test(name)) {
    throw new JobQueueError(`queue name must be 1-100 characters of [A-Za-z0-9_.-], got '${name}'`);
  }
}

/**
 * Job ids: 1-200 characters of [A-Za-z0-9_.-], and not a plain integer (BullMQ reserves those for its
 * own ids): use e.g. "batch-12". The same rule applies to both backends.
 */
export function checkJobId(id: string): void {
  if (typeof id !== "string" || !JOB_ID.test(id)) {
    throw new JobQueueError(`job id must be 1-200 characters of [A-Za-z0-9_.-], got '${String(id)}'`);
  }
  if (String(Number.parseInt(id, 10)) === id) {
    throw new JobQueueError(`job id must not be a plain integer (use e.g. 'batch-${id}'), got '${id}'`);
  }
}

function nonNegativeInteger(value: number | undefined, what: string, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < min) {
    throw new JobQueueError(`${what} must be an integer >= ${min}, got ${value}`);
  }
  return value;
}

export type NormalizedAddOptions = { delayMs: number; attempts: number; backoffMs: number };

export function normalizeAddOptions(options: JobAddOptions = {}): NormalizedAddOptions {
  return {
    delayMs: nonNegativeInteger(options.delayMs, "delayMs", 0),
    attempts: nonNegativeInteger(options.attempts, "attempts", JOB_QUEUE_DEFAULTS.attempts, 1),
    backoffMs: nonNegativeInteger(options.backoffMs, "backoffMs", JOB_QUEUE_DEFAULTS.backoffMs),
  };
}

export function normalizeConcurrency(concurrency: number | undefined): number {
  return nonNegativeInteger(concurrency, "concurrency", JOB_QUEUE_DEFAULTS.concurrency, 1);
}

/** The wait before the retry that follows failure number `failures` (1, 2, …): backoff x 2^(failures-1). */
export function backoffDelay(backoffMs: number, failures: number): number {
  return Math.round(backoffMs * 2 ** (failures - 1));
}

/** The data as the handler will see it: through JSON, as Redis stores it. Refuses what JSON cannot hold. */
export function jsonCopy<T>(data: T): T {
  let text: string | undefined;
  try {
    text = JSON.stringify(data);
  } catch (cause) {
    throw new JobQueueError(`job data must be JSON-serializable: ${(cause as Error).message}`, { cause });
  }
  if (text === undefined) throw new JobQueueError("job data must be JSON-serializable");
  return JSON.parse(text) as T;
}
