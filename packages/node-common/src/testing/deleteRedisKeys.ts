// Test helper: deletes every Redis key under `prefix:` (a test's queues), then disconnects.
import { Redis } from "ioredis";
import { redisConnectionOptions } from "../queue/redisConnection.ts";

export async function deleteRedisKeys(redisUrl: string, prefix: string): Promise<number> {
  const redis = new Redis({ ...redisConnectionOptions(redisUrl), lazyConnect: true });
  await redis.connect();
  try {
    let deleted = 0;
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
      cursor = next;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== "0");
    return deleted;
  } finally {
    await redis.quit();
  }
}
