import type { Logger } from "../logger.ts";
import { createBullmqJobQueue } from "./bullmqJobQueue.ts";
import { JOB_QUEUE_DEFAULTS, type JobQueue } from "./jobQueue.ts";
import { createMemoryJobQueue } from "./memoryJobQueue.ts";

export type OpenJobQueueOptions = {
  /** redis://host:port[/db]. Without one, the queue runs in-process (not durable). */
  readonly redisUrl?: string | undefined;
  readonly logger: Logger;
  /** Namespace of the queue's Redis keys. Default "halcyon". */
  readonly prefix?: string | undefined;
  /** How long, at least, a completed id is remembered (re-adding it is a no-op). Default 7 days. */
  readonly completedRetentionMs?: number | undefined;
};

/**
 * Opens the job queue `name`: BullMQ on Redis when `redisUrl` is given, otherwise the in-process
 * queue with the same semantics (queue/jobQueue.ts describes them).
 */
export function openJobQueue<T>(name: string, options: OpenJobQueueOptions): JobQueue<T> {
  const completedRetentionMs = options.completedRetentionMs ?? JOB_QUEUE_DEFAULTS.completedRetentionMs;
  if (options.redisUrl === undefined) {
    return createMemoryJobQueue<T>(name, { logger: options.logger, completedRetentionMs });
  }
  return createBullmqJobQueue<T>(name, {
    redisUrl: options.redisUrl,
    prefix: options.prefix ?? "halcyon",
    logger: options.logger,
    completedRetentionMs,
  });
}
