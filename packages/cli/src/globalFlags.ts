import type { Hex } from "viem";
import type { FlagSpecs, ParsedArgv } from "./args/parseArgv.ts";
import { parsePrivateKey } from "./args/parsePrivateKey.ts";
import { parseRpcUrl } from "./args/parseRpcUrl.ts";

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

export type GlobalOptions = {
  readonly l1Rpc: string;
  readonly l2Rpc: string;
  readonly deploymentPath: string;
  /** The key and where it came from; undefined: none given (the devnet default may apply). */
  readonly privateKey: { readonly key: Hex; readonly source: string } | undefined;
  readonly json: boolean;
};

/** Reads the global flags and their environment variables; UsageError for a malformed one. */
export function resolveGlobals(args: ParsedArgv, env: NodeJS.ProcessEnv): GlobalOptions {
  const pick = (flag: string, variable: string): { value: string; source: string } | undefined => {
    const fromFlag = args.strings.get(flag);
    if (fromFlag !== undefined) return { value: fromFlag, source: `--${flag}` };
    const fromEnv = env[variable];
    return fromEnv === undefined || fromEnv === "" ? undefined : { value: fromEnv, source: variable };
  };
  const url = (flag: string, variable: string, fallback: string) => {
    const given = pick(flag, variable);
    return given === undefined ? fallback : parseRpcUrl(given.value, given.source);
  };
  const key = pick("private-key", "HALCYON_PRIVATE_KEY");
  return {
    l1Rpc: url("l1-rpc", "HALCYON_L1_RPC", DEFAULT_L1_RPC),
    l2Rpc: url("l2-rpc", "HALCYON_L2_RPC", DEFAULT_L2_RPC),
    deploymentPath: pick("deployment", "HALCYON_DEPLOYMENT")?.value ?? DEFAULT_DEPLOYMENT,
    privateKey:
      key === undefined ? undefined : { key: parsePrivateKey(key.value, key.source), source: key.source },
    json: args.booleans.has("json"),
  };
}
