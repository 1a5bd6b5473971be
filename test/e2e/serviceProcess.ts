import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeDeploymentFile } from "@halcyon/node-common";
import { TEST_CONFIG } from "../../packages/protocol/src/testing/fixtures.ts";
import { type HttpL1, SEQUENCER_L1_KEY } from "../../sequencer/src/testing/httpL1.ts";

// Halcyon's services as processes (sequencer/src/main.ts, verifier/src/main.ts), for end-to-end
// tests: started with an environment, their URL read from their log, stopped gracefully or killed.

const SEQUENCER_MAIN = fileURLToPath(new URL("../../sequencer/src/main.ts", import.meta.url));
const VERIFIER_MAIN = fileURLToPath(new URL("../../verifier/src/main.ts", import.meta.url));

export type ServiceProcess = {
  /** The JSON-RPC URL (sequencer) or the status endpoint's URL (verifier). */
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything it logged so far (JSON lines, then stderr). */
  output(): string;
  /** SIGKILL: a crash, nothing flushed. Resolves once it is gone. */
  kill(): Promise<void>;
  /** SIGTERM and wait; resolves with the exit code. */
  stop(): Promise<number | null>;
};

type StartOptions = { timeoutMs?: number };

/**
 * What every end-to-end sequencer shares: `l1`'s deployment written to `dir`/deployment.json, the
 * sequencer's key, the protocol fixtures' chain, a free port, fast polling; `settings` add the rest
 * (block time, confirmations, batching, data dir) and win. Returns the env and the deployment path.
 */
export function sequencerTestEnv(
  l1: HttpL1,
  dir: string,
  settings: Record<string, string>,
): { env: Record<string, string>; deploymentPath: string } {
  const deploymentPath = join(dir, "deployment.json");
  writeDeploymentFile(deploymentPath, l1.deployment);
  const env = {
    HALCYON_DEPLOYMENT: deploymentPath,
    L1_RPC_URL: l1.url,
    SEQUENCER_L1_PRIVATE_KEY: SEQUENCER_L1_KEY,
    HALCYON_FEE_VAULT: TEST_CONFIG.feeVault,
    HALCYON_CHAIN_ID: TEST_CONFIG.chainId.toString(),
    SEQUENCER_RPC_PORT: "0",
    L1_POLL_INTERVAL: "100",
    BATCH_RESUBMIT_INTERVAL: "300",
    LOG_LEVEL: "info",
    ...settings,
  };
  return { env, deploymentPath };
}

/** The sequencer, ready once its L1 services have started; `url` is its JSON-RPC URL. */
export function startSequencerProcess(
  env: Record<string, string>,
  options: StartOptions = {},
): Promise<ServiceProcess> {
  return startServiceProcess("sequencer", SEQUENCER_MAIN, env, options, (out) =>
    // The RPC URL is logged before the L1 side starts; wait for that too.
    /"msg":"L1 services started"/.test(out)
      ? /"url":"(http:\/\/[^"]+)","msg":"JSON-RPC listening"/.exec(out)?.[1]
      : undefined,
  );
}

/** The verifier, ready once its status endpoint listens; `url` is that endpoint's base URL. */
export function startVerifierProcess(
  env: Record<string, string>,
  options: StartOptions = {},
): Promise<ServiceProcess> {
  return startServiceProcess(
    "verifier",
    VERIFIER_MAIN,
    env,
    options,
    (out) => /"url":"(http:\/\/[^"]+)","msg":"status endpoint listening/.exec(out)?.[1],
  );
}

async function startServiceProcess(
  name: string,
  main: string,
  env: Record<string, string>,
  options: StartOptions,
  readyUrl: (output: string) => string | undefined,
): Promise<ServiceProcess> {
  // The test runner's own variables stay out; the child gets exactly what the test gives it.
  const { DATABASE_URL: _db, REDIS_URL: _redis, NODE_TEST_CONTEXT: _ctx, ...inherited } = process.env;
  const child = spawn(process.execPath, [main], {
    env: { ...inherited, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout!.on("data", (d: Buffer) => {
    out += d.toString();
  });
  child.stderr!.on("data", (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let url: string | undefined;
  while (url === undefined) {
    if (gone || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the ${name} did not start:\n${out.slice(-4000)}\n${err.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
    url = readyUrl(out);
  }
  return {
    url,
    child,
    output: () => `${out}${err}`,
    async kill() {
      if (!gone) child.kill("SIGKILL");
      await exited;
    },
    async stop() {
      if (!gone) child.kill("SIGTERM");
      return exited;
    },
  };
}
