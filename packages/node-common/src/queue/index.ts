export * from "./jobQueue.ts";
export * from "./openJobQueue.ts";
export * from "./redisConnection.ts";
