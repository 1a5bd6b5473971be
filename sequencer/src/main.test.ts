import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import {
  createTestDatabase,
  type TestDatabase,
} from "../../packages/node-common/src/testing/createTestDatabase.ts";

// The sequencer process: configuration errors, --help, and a start and graceful stop on SIGTERM.

const MAIN = fileURLToPath(new URL("./main.ts", import.meta.url));
const FEE_VAULT = "0x000000000000000000000000000000000000fee1";

type Run = { code: number | null; stdout: string; stderr: string };

function run(
  args: string[],
  env: Record<string, string>,
): { child: ChildProcess; done: Promise<Run>; output: () => string } {
  const { DATABASE_URL: _url, ...inherited } = process.env;
  const child = spawn(process.execPath, [MAIN, ...args], {
    env: { ...inherited, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr!.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const done = new Promise<Run>((resolve) => child.on("exit", (code) => resolve({ code, stdout, stderr })));
  return { child, done, output: () => stdout };
}

describe("sequencer process", () => {
  let dataDir: string;
  let pg: TestDatabase | undefined;
  const env: Record<string, string> = {};

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "halcyon-main-"));
    env.SEQUENCER_DATA_DIR = dataDir;
    const adminUrl = process.env.DATABASE_URL;
    if (adminUrl !== undefined && adminUrl !== "") {
      pg = await createTestDatabase(adminUrl, "main");
      env.DATABASE_URL = pg.url;
    }
  });

  after(async () => {
    await rm(dataDir, { recursive: true, force: true });
    await pg?.drop();
  });

  it("prints its options with --help", async () => {
    const { code, stdout } = await run(["--help"], env).done;
    assert.equal(code, 0);
    assert.match(stdout, /HALCYON_FEE_VAULT/);
    assert.match(stdout, /--block-time/);
  });

  it("refuses a bad configuration with every problem listed, exit code 2", async () => {
    const { code, stderr } = await run(["--rpc-port", "99999", "--block-time", "fast"], env).done;
    assert.equal(code, 2);
    assert.match(stderr, /HALCYON_FEE_VAULT \(--fee-vault\): required but not set/);
    assert.match(stderr, /--rpc-port/);
    assert.match(stderr, /--block-time/);
  });

  it("serves JSON-RPC and stops gracefully on SIGTERM", async () => {
    const { child, done, output } = run(["--fee-vault", FEE_VAULT, "--rpc-port", "0"], {
      ...env,
      HALCYON_CHAIN_ID: "777",
    });
    let exited = false;
    void done.then(() => {
      exited = true;
    });
    let url: string | undefined;
    while (url === undefined && !exited) {
      await new Promise((r) => setTimeout(r, 50));
      url = /"url":"(http:\/\/[^"]+)","msg":"JSON-RPC listening"/.exec(output())?.[1];
    }
    assert.ok(url !== undefined, "the sequencer did not start listening");
    const res = await fetch(url, {
      method: "POST",
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
    });
    assert.deepEqual(await res.json(), { jsonrpc: "2.0", id: 1, result: "0x309" });
    child.kill("SIGTERM");
    const { code, stdout } = await done;
    assert.equal(code, 0);
    assert.match(stdout, /"msg":"sequencer stopped"/);
  });
});
