// @halcyon/node-common: the infrastructure Halcyon's services share. docs/architecture.md says what it
// owns. Test helpers live in src/testing/ and are imported by path from tests only.

export * from "./config/index.ts";
export * from "./db/index.ts";
export * from "./errors.ts";
export * from "./l1/index.ts";
export * from "./logger.ts";
export * from "./metrics.ts";
export * from "./queue/index.ts";
