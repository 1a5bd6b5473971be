import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

// The sequencer as a process (sequencer/src/main.ts), for end-to-end tests: started with an
// environment, its JSON-RPC URL read from its log, stopped gracefully or killed.

const MAIN = fileURLToPath(new URL("../../sequencer/src/main.ts", import.meta.url));

export type SequencerProcess = {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything it logged so far (JSON lines). */
  output(): string;
  /** SIGKILL: a crash, nothing flushed. Resolves once it is gone. */
  kill(): Promise<void>;
  /** SIGTERM and wait; resolves with the exit code. */
  stop(): Promise<number | null>;
};

export async function startSequencerProcess(
  env: Record<string, string>,
  options: { timeoutMs?: number } = {},
): Promise<SequencerProcess> {
  // The test runner's own variables stay out; the child gets exactly what the test gives it.
  const { DATABASE_URL: _db, REDIS_URL: _redis, NODE_TEST_CONTEXT: _ctx, ...inherited } = process.env;
  const child = spawn(process.execPath, [MAIN], {
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
      throw new Error(`the sequencer did not start:\n${out.slice(-4000)}\n${err.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
    // The RPC URL is logged before the L1 side starts; wait for that too.
    if (/"msg":"L1 services started"/.test(out)) {
      url = /"url":"(http:\/\/[^"]+)","msg":"JSON-RPC listening"/.exec(out)?.[1];
    }
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
