import assert from "node:assert/strict";
import { it } from "node:test";
import { configHelp } from "./configHelp.ts";
import type { ConfigSchema } from "./configSchema.ts";

it("configHelp lists every option with its placeholder, variable, and default or requirement", () => {
  const schema = {
    rpcUrl: { type: "url", env: "VERIFIER_L1_RPC_URL", description: "L1 JSON-RPC endpoint", required: true },
    confirmations: {
      type: "int",
      env: "VERIFIER_CONFIRMATIONS",
      description: "L1 blocks to wait",
      default: 2,
    },
    pollInterval: { type: "duration", description: "L1 poll interval", default: 1000 },
    challengerKey: { type: "privateKey", env: "VERIFIER_KEY", description: "challenger account" },
    challenge: { type: "boolean", env: "VERIFIER_CHALLENGE", description: "open games", default: false },
    logLevel: { type: "string", description: "log level", default: "info", choices: ["info", "debug"] },
  } as const satisfies ConfigSchema;
  assert.equal(
    configHelp(schema, { name: "halcyon-verifier", description: "Re-executes every batch from L1." }),
    [
      "Usage: halcyon-verifier [options]",
      "",
      "Re-executes every batch from L1.",
      "",
      "Options (the command line wins over the environment):",
      "  --rpc-url <url>              L1 JSON-RPC endpoint [env VERIFIER_L1_RPC_URL; required]",
      "  --confirmations <n>          L1 blocks to wait [env VERIFIER_CONFIRMATIONS; default 2]",
      "  --poll-interval <duration>   L1 poll interval [default 1000ms]",
      "  --challenger-key <key>       challenger account [env VERIFIER_KEY]",
      "  --challenge, --no-challenge  open games [env VERIFIER_CHALLENGE; default false]",
      "  --log-level <text>           log level [one of: info, debug; default info]",
      "  -h, --help                   Show this help and exit.",
      "",
      "Durations are milliseconds, or take a unit: 250ms, 2s, 5m, 1h.",
      "",
    ].join("\n"),
  );
});
