import type { FlagSpecs } from "./args/parseArgv.ts";

/** Flags every command takes; each has an environment variable and a default (see resolveGlobals). */
export const GLOBAL_FLAGS = {
  "l1-rpc": {
    type: "string",
    value: "<url>",
    description: "L1 JSON-RPC endpoint (env HALCYON_L1_RPC, default http://127.0.0.1:8545)",
  },
  "l2-rpc": {
    type: "string",
    value: "<url>",
    description: "the sequencer's JSON-RPC endpoint (env HALCYON_L2_RPC, default http://127.0.0.1:8547)",
  },
  deployment: {
    type: "string",
    value: "<file>",
    description: "deployment file (env HALCYON_DEPLOYMENT, default .halcyon/devnet/deployment.json)",
  },
  "private-key": {
    type: "string",
    value: "<hex>",
    description:
      "key that signs (env HALCYON_PRIVATE_KEY; on a devnet, Hardhat's development account #0 if unset)",
  },
  json: { type: "boolean", description: "print exactly one JSON document on stdout" },
  help: { type: "boolean", description: "show help for the command" },
} as const satisfies FlagSpecs;

export const DEFAULT_L1_RPC = "http://127.0.0.1:8545";
export const DEFAULT_L2_RPC = "http://127.0.0.1:8547";
export const DEFAULT_DEPLOYMENT = ".halcyon/devnet/deployment.json";
