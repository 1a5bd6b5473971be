import { Queue, Worker } from "bullmq";
import type { Logger } from "../logger.ts";
import {
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
import { redisConnectionOptions } from "./redisConnection.ts";

/**
 * The JobQueue on Redis through BullMQ: a Queue for adding and counting, and a Worker once `process`
 * is called. Each opens its own connections from options (never shared ioredis instances, which kept
 * the process alive: TOOLCHAIN.md).
 *
 * Idempotent ids come from BullMQ itself: adding an id whose job exists in any state is a no-op, atomically
 * (one Lua script). Completed jobs are kept for at least `completedRetentionMs` (BullMQ's removeOnComplete
 * by age: they go once another job completes after that age), so a re-add within that time is a no-op.
 * A job that failed for good is removed by `add` and added afresh. Retries use BullMQ's exponential
 * backoff (backoffMs x 2^(failures-1)). A job whose worker died mid-run is handed out again after its
 * lock expires (BullMQ's stalled-job check, 30 s by default).
 */
export function createBullmqJobQueue<T>(
  name: string,
  options: { redisUrl: string; prefix: string; logger: Logger; completedRetentionMs: number },
): JobQueue<T> {
  checkQueueName(name);
  const logger = options.logger.child({ queue: name });
  const connection = redisConnectionOptions(options.redisUrl);
  const keepSeconds = Math.max(1, Math.ceil(options.completedRetentionMs / 1000));
  const queue = new Queue<T>(name, {
    connection,
    prefix: options.prefix,
    defaultJobOptions: { removeOnComplete: { age: keepSeconds }, removeOnFail: { age: keepSeconds } },
  });
  queue.on("error", (error) => logger.error({ err: error }, "job queue connection error"));
  let worker: Worker<T> | undefined;
  let closing: Promise<void> | undefined;

  return {
    kind: "bullmq",
    name,
    async add(jobId: string, data: T, addOptions?: JobAddOptions): Promise<void> {
      if (closing !== undefined) throw new JobQueueError(`queue ${name} is closed`);
      checkJobId(jobId);
      const o = normalizeAddOptions(addOptions);
      const copy = jsonCopy(data);
      if ((await queue.getJobState(jobId)) === "failed") {
        await queue.remove(jobId);
        logger.info({ jobId }, "re-adding a job that had failed");
      }
      await queue.add(name as never, copy as never, {
        jobId,
        delay: o.delayMs,
        attempts: o.attempts,
        backoff: { type: "exponential", delay: o.backoffMs },
      });
    },
    process(handler: JobHandler<T>, processOptions?: { concurrency?: number }): void {
      if (closing !== undefined) throw new JobQueueError(`queue ${name} is closed`);
      if (worker !== undefined) throw new JobQueueError(`queue ${name} already has a handler`);
      const concurrency = normalizeConcurrency(processOptions?.concurrency);
      worker = new Worker<T>(
        name,
        async (job) => {
          await handler({
            id: job.id!,
            data: job.data,
            attempt: job.attemptsMade + 1,
            attempts: job.opts.attempts ?? 1,
          });
        },
        { connection, prefix: options.prefix, concurrency, autorun: true },
      );
      worker.on("error", (error) => logger.error({ err: error }, "job worker error"));
      worker.on("failed", (job, error) => {
        if (job === undefined) return;
        const attempts = job.opts.attempts ?? 1;
        if (job.attemptsMade < attempts) {
          logger.warn({ err: error, jobId: job.id, attempt: job.attemptsMade }, "job failed, will retry");
        } else {
          logger.error(
            { err: error, jobId: job.id, attempt: job.attemptsMade },
            "job failed, out of attempts",
          );
        }
      });
    },
    async counts(): Promise<JobCounts> {
      const c = await queue.getJobCounts("wait", "prioritized", "active", "delayed", "completed", "failed");
      return {
        waiting: (c.wait ?? 0) + (c.prioritized ?? 0),
        active: c.active ?? 0,
        delayed: c.delayed ?? 0,
        completed: c.completed ?? 0,
        failed: c.failed ?? 0,
      };
    },
    close(): Promise<void> {
      closing ??= (async () => {
        await worker?.close();
        await queue.close();
      })();
      return closing;
    },
  };
}
