// @halcyon/protocol: Halcyon's pure state transition. docs/protocol.md is its specification.

export * from "./block/index.ts";
export * from "./bytes.ts";
export * from "./codec/index.ts";
export * from "./config.ts";
export * from "./constants.ts";
export * from "./crypto/keccak.ts";
export * from "./dispute/index.ts";
export * from "./errors.ts";
export * from "./state/index.ts";
export * from "./stf/index.ts";
export * from "./tokenAddress.ts";
export * from "./tree/index.ts";
export * from "./tx/index.ts";
export * from "./witness/index.ts";
