import assert from "node:assert/strict";
import { it } from "node:test";
import { configReference } from "./configReference.ts";
import type { ConfigSchema } from "./configSchema.ts";

it("configReference renders one table row per option with its variable, flag, default and limits", () => {
  const schema = {
    rpcUrl: { type: "url", env: "VERIFIER_L1_RPC_URL", description: "L1 JSON-RPC endpoint", required: true },
    confirmations: {
      type: "int",
      env: "VERIFIER_CONFIRMATIONS",
      description: "L1 blocks",
      default: 2,
      min: 0,
    },
    pollInterval: { type: "duration", description: "poll | interval", default: 1000, max: 60_000 },
    key: { type: "privateKey", env: "VERIFIER_KEY", description: "challenger account" },
    token: { type: "string", env: "TOKEN", description: "api token", secret: true, default: "abc" },
    logLevel: { type: "string", description: "log level", default: "info", choices: ["info", "debug"] },
  } as const satisfies ConfigSchema;
  assert.equal(
    configReference(schema),
    [
      "| variable | flag | default | meaning |",
      "| --- | --- | --- | --- |",
      "| `VERIFIER_L1_RPC_URL` | `--rpc-url` | required | L1 JSON-RPC endpoint |",
      "| `VERIFIER_CONFIRMATIONS` | `--confirmations` | `2` | L1 blocks; at least 0 |",
      "| — | `--poll-interval` | `1000ms` | poll \\| interval; at most 60000 ms |",
      "| `VERIFIER_KEY` | `--key` | unset | challenger account; secret: never logged |",
      "| `TOKEN` | `--token` | (secret) | api token; secret: never logged |",
      "| — | `--log-level` | `info` | log level; one of `info`, `debug` |",
      "",
    ].join("\n"),
  );
});
