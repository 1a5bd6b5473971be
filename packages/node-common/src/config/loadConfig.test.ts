import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError } from "./configError.ts";
import type { ConfigOf, ConfigSchema } from "./configSchema.ts";
import { configForLog, loadConfig, wantsHelp } from "./loadConfig.ts";

const KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

const schema = {
  rpcUrl: {
    type: "url",
    env: "SEQUENCER_L1_RPC_URL",
    flag: "--l1-rpc-url",
    description: "L1 JSON-RPC endpoint",
    required: true,
    protocols: ["http:", "https:"],
  },
  blockTimeMs: {
    type: "int",
    env: "SEQUENCER_BLOCK_TIME_MS",
    description: "ms per block",
    default: 250,
    min: 1,
  },
  batchTimeout: {
    type: "duration",
    env: "SEQUENCER_BATCH_TIMEOUT",
    description: "batch age",
    default: 60_000,
  },
  minBaseFee: { type: "bigint", env: "SEQUENCER_MIN_BASE_FEE", description: "wei", default: 1n, min: 0n },
  feeVault: { type: "address", env: "SEQUENCER_FEE_VAULT", description: "fees go here" },
  signerKey: { type: "privateKey", env: "SEQUENCER_KEY", description: "batch signer" },
  logLevel: {
    type: "string",
    env: "LOG_LEVEL",
    description: "log level",
    default: "info",
    choices: ["debug", "info", "warn"],
  },
  metrics: { type: "boolean", env: "SEQUENCER_METRICS", description: "serve /metrics", default: true },
} as const satisfies ConfigSchema;

function problems(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.problems;
  }
  assert.fail("expected a ConfigError");
}

describe("loadConfig", () => {
  it("takes the command line over the environment over the default, typed", () => {
    const config = loadConfig(schema, {
      env: {
        SEQUENCER_L1_RPC_URL: "http://127.0.0.1:8545",
        SEQUENCER_BLOCK_TIME_MS: "100",
        SEQUENCER_MIN_BASE_FEE: "1_000_000_000",
        SEQUENCER_FEE_VAULT: "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
        SEQUENCER_KEY: KEY,
        SEQUENCER_METRICS: "",
      },
      argv: ["--block-time-ms", "200", "--batch-timeout=2s", "--no-metrics", "--log-level", "debug"],
    });
    const expected: ConfigOf<typeof schema> = {
      rpcUrl: "http://127.0.0.1:8545",
      blockTimeMs: 200,
      batchTimeout: 2000,
      minBaseFee: 1_000_000_000n,
      feeVault: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
      signerKey: KEY,
      logLevel: "debug",
      metrics: false,
    };
    assert.deepEqual(config, expected);
    assert.ok(Object.isFrozen(config));
  });

  it("leaves an optional field without default undefined, and an empty variable counts as unset", () => {
    const config = loadConfig(schema, {
      env: { SEQUENCER_L1_RPC_URL: "https://rpc.example", SEQUENCER_BLOCK_TIME_MS: "" },
      argv: [],
    });
    assert.equal(config.feeVault, undefined);
    assert.equal(config.blockTimeMs, 250);
    assert.equal(config.metrics, true);
  });

  it("lists every problem at once, named by where the value came from", () => {
    const found = problems(() =>
      loadConfig(schema, {
        env: {
          SEQUENCER_BLOCK_TIME_MS: "abc",
          SEQUENCER_FEE_VAULT: "0x70997970C51812dc3a010c7d01b50e0d17dc79c8",
          SEQUENCER_KEY: "0x1234",
          SEQUENCER_MIN_BASE_FEE: "-1",
        },
        argv: ["--log-level", "loud", "--verbose", "stray", "--batch-timeout", "--metrics=maybe"],
      }),
    );
    assert.deepEqual(found, [
      "unknown option --verbose",
      "unexpected argument 'stray'",
      "--batch-timeout: missing value",
      "SEQUENCER_L1_RPC_URL (--l1-rpc-url): required but not set",
      "SEQUENCER_BLOCK_TIME_MS: expected a positive integer, got 'abc'",
      "SEQUENCER_MIN_BASE_FEE: expected a non-negative integer, got '-1'",
      "SEQUENCER_FEE_VAULT: the address has a wrong checksum (mixed case), got '0x70997970C51812dc3a010c7d01b50e0d17dc79c8'",
      "SEQUENCER_KEY: expected a private key (0x and 64 hex digits), got a value of 6 characters",
      "--log-level: expected one of debug, info, warn, got 'loud'",
      "--metrics: expected true or false, got 'maybe'",
    ]);
  });

  it("says all of it in the error message", () => {
    assert.throws(
      () => loadConfig(schema, { env: { SEQUENCER_L1_RPC_URL: "ftp://x" }, argv: [] }),
      (e: unknown) =>
        e instanceof ConfigError &&
        e.message ===
          "invalid configuration:\n  - SEQUENCER_L1_RPC_URL: expected a URL starting with http:// or https://, got 'ftp://x'",
    );
  });

  it("refuses a flag given twice and a schema with clashing names", () => {
    assert.deepEqual(
      problems(() =>
        loadConfig(schema, {
          env: { SEQUENCER_L1_RPC_URL: "http://a" },
          argv: ["--block-time-ms=1", "--block-time-ms=2"],
        }),
      ),
      ["--block-time-ms: given more than once"],
    );
    const clashing = {
      a: { type: "int", env: "X", description: "a" },
      b: { type: "int", env: "X", flag: "--a", description: "b" },
    } as const satisfies ConfigSchema;
    assert.equal(problems(() => loadConfig(clashing, { env: {}, argv: [] })).length, 2);
  });

  it("detects --help and hides secrets when logged", () => {
    assert.ok(wantsHelp(["--x", "-h"]));
    assert.ok(!wantsHelp(["--x"]));
    const config = loadConfig(schema, {
      env: { SEQUENCER_L1_RPC_URL: "http://a", SEQUENCER_KEY: KEY },
      argv: ["--help"],
    });
    const logged = configForLog(schema, config);
    assert.equal(logged.signerKey, "<redacted>");
    assert.equal(logged.minBaseFee, "1");
    assert.equal(logged.feeVault, null);
    assert.doesNotMatch(JSON.stringify(logged), new RegExp(KEY.slice(2)));
  });
});
