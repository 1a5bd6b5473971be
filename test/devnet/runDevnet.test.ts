// `npm run devnet`'s command line (scripts/devnet.ts run as a process): help, bad flags, and a saved
// chain that cannot be resumed, each with its exit code and a message that says what to do.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const DEVNET = fileURLToPath(new URL("../../scripts/devnet.ts", import.meta.url));
const dirs: string[] = [];
after(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

function run(args: string[], cwd?: string) {
  const { NODE_TEST_CONTEXT: _ctx, ...env } = process.env;
  const result = spawnSync(process.execPath, [DEVNET, ...args], {
    env,
    cwd,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("scripts/devnet.ts", () => {
  it("prints its usage with --help", () => {
    const { code, stdout } = run(["--help"]);
    assert.equal(code, 0);
    assert.match(stdout, /--fresh/);
    assert.match(stdout, /--data-dir DIR/);
  });

  it("refuses unknown flags and bad numbers with exit code 2", () => {
    const unknown = run(["--bogus"]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /bogus/);
    assert.match(unknown.stderr, /Usage: npm run devnet/);
    const port = run(["--l1-port", "80000"]);
    assert.equal(port.code, 2);
    assert.match(port.stderr, /--l1-port must be a port number/);
    assert.match(
      run(["--block-time", "5"]).stderr,
      /--block-time must be a number of milliseconds, at least 10/,
    );
  });

  it("says to start fresh when the saved chain does not match, and exits 1", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "halcyon-devnet-cli-"));
    dirs.push(dataDir);
    await mkdir(join(dataDir, "l1"));
    writeFileSync(
      join(dataDir, "l1", "chain.json"),
      JSON.stringify({
        initialDate: "2026-01-01T00:00:00.000Z",
        chainId: 31337,
        genesisHash: `0x${"ab".repeat(32)}`,
      }),
    );
    // Run from outside the repository (as `halcyon devnet` may be): the repository's Hardhat is found.
    const ports = ["--l1-port", "0", "--l2-port", "0", "--verifier-port", "0"];
    const { code, stderr } = run(["--data-dir", ".", ...ports], dataDir);
    assert.equal(code, 1);
    assert.match(stderr, /DevnetResumeError: the L1 genesis is 0x[0-9a-f]{64}, not 0xabab/);
    assert.match(stderr, /npm run devnet -- --fresh/);
  });
});
