import { JobQueueError } from "./jobQueue.ts";

/** ioredis connection options as BullMQ wants them (TOOLCHAIN.md: options, never shared instances). */
export type RedisConnectionOptions = {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db?: number;
  tls?: Record<string, never>;
  /** BullMQ's workers block on Redis: commands must wait for a reconnect, never fail after N retries. */
  maxRetriesPerRequest: null;
};

/** Connection options from redis://[user:password@]host[:port][/db] (rediss:// for TLS). */
export function redisConnectionOptions(redisUrl: string): RedisConnectionOptions {
  let url: URL;
  try {
    url = new URL(redisUrl);
  } catch {
    throw new JobQueueError("REDIS_URL is not a URL");
  }
  if (url.protocol !== "redis:" && url.protocol !== "rediss:") {
    throw new JobQueueError(`Redis URL must start with redis:// or rediss://, got ${url.protocol}//`);
  }
  const options: RedisConnectionOptions = {
    host: url.hostname === "" ? "127.0.0.1" : url.hostname.replace(/^\[(.*)\]$/, "$1"),
    port: url.port === "" ? 6379 : Number(url.port),
    maxRetriesPerRequest: null,
  };
  if (url.username !== "") options.username = decodeURIComponent(url.username);
  if (url.password !== "") options.password = decodeURIComponent(url.password);
  const db = url.pathname.replace(/^\//, "");
  if (db !== "") {
    if (!/^\d+$/.test(db)) throw new JobQueueError(`Redis URL database must be a number, got '${db}'`);
    options.db = Number(db);
  }
  if (url.protocol === "rediss:") options.tls = {};
  return options;
}
