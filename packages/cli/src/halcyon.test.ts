// The `halcyon` bin end to end, as users run it: a child process per command against a fresh devnet
// that `halcyon devnet` started (the Hardhat L1, contracts, sequencer and verifier of `npm run devnet`,
// on random ports in a scratch directory; PostgreSQL databases of its own when DATABASE_URL is set,
// PGlite otherwise) and that Ctrl-C stops at the end. Each command's readable and --json output; a deposit, send,
// withdraw and finalize flow with balances checked on both chains; bad command lines with their exit
// codes and messages, changing nothing.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { type AddressInfo, createServer } from "node:net";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { bytesToHex, DEVNET_L2_CHAIN_ID, l2TokenAddress } from "@halcyon/protocol";
import { getBatch, waitForTransactionBatch } from "@halcyon/sdk";
import { type Address, createPublicClient, erc20Abi, getAddress, type Hex, http, parseEther } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { readDeployment, serializeDeployment } from "../../node-common/src/l1/deployment.ts";
import { waitFor } from "../../node-common/src/testing/waitFor.ts";
import { testWallet } from "../../protocol/src/testing/fixtures.ts";
import {
  attachTestRollup,
  createDevnetScratch,
  type TestRollup,
} from "../../sdk/src/testing/startTestRollup.ts";
import { DEVNET_DEFAULT_KEY } from "./session.ts";

const BIN = fileURLToPath(new URL("./halcyon.ts", import.meta.url));
const dev = privateKeyToAccount(DEVNET_DEFAULT_KEY).address;
// Checksummed, as the CLI prints addresses.
const alice = { ...testWallet(601), address: getAddress(testWallet(601).address) };
const bob = { ...testWallet(602), address: getAddress(testWallet(602).address) };
const aliceKey = bytesToHex(alice.privateKey);

/** A port nothing listens on: one the OS just gave out and took back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

type Launched = { rollup: TestRollup; summary: string; stopped(): Promise<Run> };

/**
 * `halcyon devnet --fresh` on random ports, as a child process: resolves once it printed its summary,
 * with the test handle built from what it printed and wrote (URLs, keys, the deployment file).
 */
async function launchDevnet(): Promise<Launched> {
  const scratch = await createDevnetScratch("cli");
  const dataDir = join(scratch.dir, "devnet");
  const {
    NODE_TEST_CONTEXT: _c,
    DATABASE_URL: _d,
    REDIS_URL: _r,
    HALCYON_PRIVATE_KEY: _k,
    ...env
  } = process.env;
  const child = spawn(
    process.execPath,
    [
      BIN,
      "devnet",
      "--fresh",
      "--data-dir",
      dataDir,
      "--l1-port",
      "0",
      "--l2-port",
      "0",
      "--verifier-port",
      "0",
      "--block-time",
      "100",
    ],
    {
      env: { ...env, ...(scratch.databaseUrl === undefined ? {} : { DATABASE_URL: scratch.databaseUrl }) },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const closed = new Promise<Run>((resolve) =>
    child.on("close", (code) => resolve({ code, stdout, stderr })),
  );
  let exited = false;
  void closed.then(() => {
    exited = true;
  });
  try {
    await waitFor(
      () => {
        if (exited) throw new Error(`halcyon devnet exited:\n${stdout}\n${stderr}`);
        return /Ctrl-C stops everything/.test(stdout);
      },
      { what: "halcyon devnet's summary", timeoutMs: 120_000, intervalMs: 100 },
    );
  } catch (error) {
    child.kill("SIGKILL");
    await closed;
    await scratch.release();
    throw error;
  }
  const url = (label: string) => new RegExp(`${label}\\s+(http://\\S+)`).exec(stdout)![1]!;
  const deploymentFile = join(dataDir, "deployment.json");
  const deployment = await readDeployment(deploymentFile);
  const accounts = [...stdout.matchAll(/^ {2}#\d+\s+(0x[0-9a-fA-F]{40})\s+(0x[0-9a-f]{64})$/gm)].map((m) => ({
    address: m[1] as Address,
    privateKey: m[2] as Hex,
  }));
  let stopping: Promise<Run> | undefined;
  const stopped = () => {
    stopping ??= (async () => {
      if (!exited) child.kill("SIGINT");
      const run = await closed;
      await scratch.release();
      return run;
    })();
    return stopping;
  };
  const rollup = attachTestRollup(
    {
      l1Url: url("L1 \\(Hardhat\\)"),
      l2Url: url("L2 \\(sequencer\\)"),
      l1ChainId: deployment.l1ChainId,
      l2ChainId: Number(deployment.parameters.l2ChainId),
      deploymentFile,
      deployment,
      accounts,
    },
    scratch.dir,
    async () => {
      await stopped();
    },
  );
  return { rollup, summary: stdout, stopped };
}

type Run = { code: number | null; stdout: string; stderr: string };
type Json = Record<string, unknown>;

describe("halcyon (the bin) against a fresh devnet", () => {
  let launched: Launched;
  let rollup: TestRollup;
  let dir: string;
  let env: Record<string, string>;
  let token: Address;
  let withdrawalHash: Hex;

  function start(args: readonly string[], extraEnv: Record<string, string> = {}): ChildProcess {
    const { NODE_TEST_CONTEXT: _ctx, HALCYON_PRIVATE_KEY: _key, ...inherited } = process.env;
    return spawn(process.execPath, [BIN, ...args], {
      env: { ...inherited, ...env, ...extraEnv },
      stdio: ["ignore", "pipe", "pipe"],
    });
  }

  function collect(child: ChildProcess): { done: Promise<Run>; stderr(): string } {
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr!.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const done = new Promise<Run>((resolve) =>
      child.on("close", (code) => resolve({ code, stdout, stderr })),
    );
    return { done, stderr: () => stderr };
  }

  function halcyon(args: readonly string[], extraEnv: Record<string, string> = {}): Promise<Run> {
    return collect(start(args, extraEnv)).done;
  }

  /** Runs a command with --json: exit code 0 and exactly one JSON document on stdout. */
  async function halcyonJson(args: readonly string[], extraEnv: Record<string, string> = {}): Promise<Json> {
    const run = await halcyon([...args, "--json"], extraEnv);
    assert.equal(run.code, 0, `halcyon ${args.join(" ")} --json:\n${run.stderr}`);
    return JSON.parse(run.stdout) as Json;
  }

  async function ok(args: readonly string[], extraEnv: Record<string, string> = {}): Promise<Run> {
    const run = await halcyon(args, extraEnv);
    assert.equal(run.code, 0, `halcyon ${args.join(" ")}:\n${run.stdout}\n${run.stderr}`);
    return run;
  }

  const l2 = () => createPublicClient({ transport: http(rollup.l2Url) });
  const l1 = () => rollup.l1Public;
  const l2Eth = (address: Address) => l2().getBalance({ address });
  const l2Token = (address: Address) =>
    l2().readContract({
      address: l2TokenAddress(token.toLowerCase() as Address),
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [address],
    });

  before(async () => {
    launched = await launchDevnet();
    rollup = launched.rollup;
    dir = rollup.dir;
    env = {
      HALCYON_L1_RPC: rollup.l1Url,
      HALCYON_L2_RPC: rollup.l2Url,
      HALCYON_DEPLOYMENT: rollup.deploymentFile,
    };
    assert.equal(rollup.devnet.l2ChainId, Number(DEVNET_L2_CHAIN_ID), "a devnet: the default key applies");
  });

  after(async () => {
    await rollup?.stop();
  });

  it("has --help for every command, and a command list", async () => {
    const general = await ok(["--help"]);
    for (const name of ["devnet", "deposit", "send", "withdraw", "finalize", "status", "batch", "tx"]) {
      assert.match(general.stdout, new RegExp(`^  ${name} `, "m"));
    }
    const helps = await Promise.all(
      ["deposit", "send", "withdraw", "finalize", "status", "batch", "tx"].map((name) =>
        ok([name, "--help"]),
      ),
    );
    for (const [i, name] of ["deposit", "send", "withdraw", "finalize", "status", "batch", "tx"].entries()) {
      assert.match(helps[i]!.stdout, new RegExp(`^usage: halcyon ${name}`), name);
      assert.match(helps[i]!.stdout, /--json/);
    }
    assert.match((await ok(["help", "finalize"])).stdout, /^usage: halcyon finalize <l2 transaction hash>/);
    assert.match(
      (await halcyonJson(["send", "--help"])).help as string,
      /^usage: halcyon send --to <address>/,
    );
    // halcyon devnet hands its arguments to the devnet launcher, whose help and usage errors are its own.
    assert.match((await ok(["devnet", "--help"])).stdout, /--fresh/);
    const bad = await halcyon(["devnet", "--l1-port", "x"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--l1-port must be a port number/);
  });

  it("deposits ETH with the devnet's default key, saying so, and waits for the L2 credit", async () => {
    const run = await ok(["deposit", "--value", "20"]);
    assert.match(run.stderr, new RegExp(`Hardhat's development account #0 \\(${dev}\\)`));
    assert.match(run.stdout, new RegExp(`^Deposited 20 ETH from ${dev} \\(L1\\) to ${dev} \\(L2\\)`));
    assert.match(run.stdout, /credited on L2: +in L2 block \d+/);
    // The devnet funded account #0 with 100 ETH on L2 when it was created.
    assert.match(run.stdout, /L2 balance: +120 ETH/);
    assert.equal(await l2Eth(dev), parseEther("120"));

    const doc = await halcyonJson(["deposit", "--value", "1.5", "--to", alice.address]);
    assert.equal(doc.command, "deposit");
    assert.equal(doc.to, alice.address);
    assert.equal(doc.amount, parseEther("1.5").toString());
    assert.equal(doc.l2Balance, parseEther("1.5").toString());
    assert.equal(typeof doc.queueIndex, "string");
    assert.equal(await l2Eth(alice.address), parseEther("1.5"));
  });

  it("sends ETH on L2 (readable and --json) and the balances move by the amount and the fee", async () => {
    const run = await ok(["send", "--to", bob.address, "--value", "0.25", "--private-key", aliceKey]);
    assert.match(run.stdout, new RegExp(`^Sent 0.25 ETH from ${alice.address} to ${bob.address} on L2`));
    assert.doesNotMatch(run.stderr, /development account/, "a given key is used as is");
    const fee1 = parseEther(/fee: +([\d.]+) ETH/.exec(run.stdout)![1]!);
    const doc = await halcyonJson(["send", "--to", bob.address, "--value", "0.5"], {
      HALCYON_PRIVATE_KEY: aliceKey,
    });
    assert.equal(doc.status, "success");
    assert.equal(doc.from, alice.address);
    assert.equal(await l2Eth(bob.address), parseEther("0.75"));
    assert.equal(await l2Eth(alice.address), parseEther("0.75") - fee1 - BigInt(doc.fee as string));
  });

  it("deposits and sends an ERC-20, reading its decimals from the token", async () => {
    token = await rollup.deployToken(0, parseEther("1000"));
    const run = await ok(["deposit", "--value", "100", "--token", token]);
    assert.match(run.stdout, /^Deposited 100 TT from/);
    assert.equal(await l2Token(dev), parseEther("100"));
    const doc = await halcyonJson(["send", "--token", token, "--to", bob.address, "--value", "12.5"]);
    assert.equal(doc.amount, parseEther("12.5").toString());
    assert.equal(doc.decimals, 18);
    assert.equal(await l2Token(bob.address), parseEther("12.5"));
    assert.equal(await l2Token(dev), parseEther("87.5"));
    const withdrawn = await halcyonJson(["withdraw", "--token", token, "--value", "5"]);
    assert.equal((withdrawn.withdrawal as Json).l1Token, getAddress(token));
    assert.equal((withdrawn.withdrawal as Json).amount, parseEther("5").toString());
    assert.equal(await l2Token(dev), parseEther("82.5"));
    const shown = await ok(["tx", withdrawn.transactionHash as string]);
    assert.match(shown.stdout, new RegExp(`Withdrawal #\\d+: 5 TT to ${dev} on L1`));
    // More than the balance: refused before anything is sent.
    const nonce = await l2().getTransactionCount({ address: dev });
    const tooMuch = await halcyon(["send", "--token", token, "--to", bob.address, "--value", "88"]);
    assert.equal(tooMuch.code, 1);
    assert.match(tooMuch.stderr, /^halcyon: --value: 0x\w+ has 82.5 TT on L2, less than 88 TT\n$/m);
    assert.equal(await l2().getTransactionCount({ address: dev }), nonce);
  });

  it("withdraws, shows the transaction, refuses --no-wait before finality, then finalizes with progress", async () => {
    const doc = await halcyonJson(["withdraw", "--value", "2"]);
    withdrawalHash = doc.transactionHash as Hex;
    const withdrawal = doc.withdrawal as Json;
    assert.equal(withdrawal.amount, parseEther("2").toString());
    assert.equal(withdrawal.l1Recipient, dev);
    assert.equal(doc.next, `halcyon finalize ${withdrawalHash}`);
    const readable = await ok(["withdraw", "--value", "0.5"]);
    assert.match(readable.stdout, /^Withdrawal #\d+ of 0.5 ETH from 0x\w+ \(L2\) to 0x\w+ \(L1\) started/);
    assert.match(readable.stdout, /halcyon finalize 0x[0-9a-f]{64}/);

    const txRun = await ok(["tx", withdrawalHash]);
    assert.match(txRun.stdout, new RegExp(`^Transaction ${withdrawalHash}`));
    assert.match(txRun.stdout, /status: +success/);
    assert.match(txRun.stdout, new RegExp(`Withdrawal #${withdrawal.index}: 2 ETH to ${dev} on L1`));

    await waitForTransactionBatch(l2(), { hash: withdrawalHash, pollingInterval: 100, timeout: 30_000 });
    const early = await halcyon(["finalize", withdrawalHash, "--no-wait"]);
    assert.equal(early.code, 1);
    assert.match(early.stderr, /^halcyon: not final yet: batch \d+: challenge window closes in \d+m \d+s/m);

    const before = await l1().getBalance({ address: dev });
    const child = collect(
      start(["finalize", withdrawalHash, "--json"], {
        // Another funded account pays for the finalization, so the recipient's L1 balance moves exactly.
        HALCYON_PRIVATE_KEY: rollup.accounts[1]!.privateKey,
      }),
    );
    await waitFor(() => /challenge window closes in/.test(child.stderr()), {
      what: "finalize's progress on the challenge window",
      timeoutMs: 30_000,
      intervalMs: 50,
    });
    await rollup.advanceTime(rollup.deployment.parameters.challengeWindow + 1n);
    const run = await child.done;
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout) as Json;
    assert.equal(result.credited, false);
    assert.equal(result.alreadyFinalized, false);
    assert.equal(await l1().getBalance({ address: dev }), before + parseEther("2"), "paid on L1");

    const again = await ok(["finalize", withdrawalHash]);
    assert.match(again.stdout, /is already finalized: nothing to do/);
    assert.equal(await l1().getBalance({ address: dev }), before + parseEther("2"), "paid once");
  });

  it("shows a batch and a transaction, readable and --json, and says when there is none", async () => {
    const txDoc = await halcyonJson(["tx", withdrawalHash]);
    assert.equal(txDoc.l1Status, "final");
    const index = txDoc.batchIndex as string;
    const batchRun = await ok(["batch", index]);
    assert.match(batchRun.stdout, new RegExp(`^Batch ${index}\\n`));
    assert.match(batchRun.stdout, /L1 status: +final/);
    const batchDoc = await halcyonJson(["batch", index]);
    assert.equal(batchDoc.index, index);
    assert.equal((batchDoc.record as Json).index, index);
    assert.equal(batchDoc.l1Status, "final");

    const none = await halcyon(["batch", "99999"]);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /^halcyon: no batch 99999: the last batch is \d+\n$/);
    const unknown = await halcyon(["tx", `0x${"ab".repeat(32)}`, "--json"]);
    assert.equal(unknown.code, 1);
    assert.match(
      (JSON.parse(unknown.stdout) as { error: Json }).error.message as string,
      /is unknown to the sequencer/,
    );
  });

  it("shows the status, and a game opened on L1 in it", async () => {
    const run = await ok(["status"]);
    assert.match(run.stdout, /^L2 \(chain 424242, http/);
    assert.match(run.stdout, /head: +block \d+/);
    assert.match(run.stdout, /Open games: none/);
    // A fresh batch, then a real game against it (the sequencer's defender will answer it).
    const hash = (await halcyonJson(["send", "--to", bob.address, "--value", "0.01"])).transactionHash as Hex;
    const status = await waitForTransactionBatch(l2(), { hash, pollingInterval: 100, timeout: 30_000 });
    const batch = await getBatch(l2(), { index: status.batchIndex! });
    await rollup.openGame(5, batch!.record!);
    const doc = await halcyonJson(["status"]);
    const games = doc.openGames as Json[];
    assert.equal(games.length, 1);
    assert.equal(games[0]!.batchIndex, status.batchIndex!.toString());
    assert.equal(games[0]!.challenger, rollup.accounts[5]!.address);
    assert.equal((doc.l2 as Json).chainId, Number(DEVNET_L2_CHAIN_ID));
    assert.match(
      (await ok(["status"])).stdout,
      new RegExp(`game 0 on batch ${status.batchIndex}: steps 0\\.\\.\\d+`),
    );
  });

  it("refuses bad command lines with exit code 2 and one line naming the argument, changing nothing", async () => {
    const l1Before = await l1().getTransactionCount({ address: dev });
    const l2Before = await l2().getTransactionCount({ address: dev });
    const balance = await l2Eth(dev);
    const cases: [string[], RegExp][] = [
      [["frobnicate"], /^unknown command "frobnicate": expected one of devnet, deposit/],
      [[], /^missing command/],
      [["send", "--to"], /^--to needs a value: <address>/],
      [["send", "--value", "1"], /^missing --to: <address>/],
      [
        ["send", "--to", "0x1234", "--value", "1"],
        /^--to: expected an address \(0x followed by 40 hex digits\), got "0x1234"/,
      ],
      [
        ["send", "--to", bob.address, "--value", "-1"],
        /^--value: expected a positive decimal number like 1.5, got a negative amount "-1"/,
      ],
      [
        ["send", "--to", bob.address, "--value", "1e18"],
        /^--value: expected a positive decimal number like 1.5, got "1e18"/,
      ],
      [["deposit", "--value", "0"], /^--value: .*got zero/],
      [["withdraw", "--value", "1", "--bogus"], /^unknown flag --bogus for halcyon withdraw/],
      [["tx", "0x12"], /^<hash>: expected a transaction hash/],
      [["tx"], /^missing <hash>/],
      [["batch", "one"], /^<n>: expected a non-negative whole number/],
      [["batch", "1", "2"], /^unexpected argument "2" for halcyon batch/],
      [
        ["send", "--to", bob.address, "--value", "1", "--private-key", "0x12"],
        /^--private-key: expected a private key/,
      ],
      [["status", "--l2-rpc", "localhost:8547"], /^--l2-rpc: expected an http\(s\) URL/],
    ];
    const runs = await Promise.all(cases.map(([args]) => halcyon(args)));
    for (const [i, [args, pattern]] of cases.entries()) {
      const run = runs[i]!;
      assert.equal(run.code, 2, `halcyon ${args.join(" ")}: ${run.stderr}`);
      const line = run.stderr.trimEnd().split("\n").at(-1)!;
      assert.match(line.replace(/^halcyon: /, ""), pattern, `halcyon ${args.join(" ")}`);
      assert.ok(run.stderr.trimEnd().endsWith(line) && line.startsWith("halcyon: "));
    }
    const json = await halcyon(["send", "--to", "nope", "--value", "1", "--json"]);
    assert.equal(json.code, 2);
    assert.deepEqual(JSON.parse(json.stdout), {
      error: {
        name: "UsageError",
        message: '--to: expected an address (0x followed by 40 hex digits), got "nope"',
        exitCode: 2,
      },
    });

    // Endpoints out of reach: exit code 1, naming the endpoint and its flag.
    const closed = `http://127.0.0.1:${await closedPort()}`;
    const noL2 = await halcyon(["send", "--to", bob.address, "--value", "1", "--l2-rpc", closed]);
    assert.equal(noL2.code, 1);
    assert.match(
      noL2.stderr,
      /^halcyon: cannot reach the L2 RPC \(--l2-rpc or HALCYON_L2_RPC\) at http:\/\/127.0.0.1:\d+\/: connection refused\n$/,
    );
    const noL1 = await halcyon(["deposit", "--value", "1"], { HALCYON_L1_RPC: closed });
    assert.equal(noL1.code, 1);
    assert.match(
      noL1.stderr,
      /cannot reach the L1 RPC \(--l1-rpc or HALCYON_L1_RPC\) at http:\/\/127.0.0.1:\d+\/: connection refused/,
    );
    // More than the account holds: refused before anything is sent, on either chain.
    const tooMuchL2 = await halcyon(["send", "--to", bob.address, "--value", "1000000"]);
    assert.equal(tooMuchL2.code, 1);
    assert.match(
      tooMuchL2.stderr,
      new RegExp(`^halcyon: --value: ${dev} has [\\d.]+ ETH on L2, less than 1000000 ETH\n$`, "m"),
    );
    const tooMuchL1 = await halcyon(["deposit", "--value", "1000000"]);
    assert.equal(tooMuchL1.code, 1);
    assert.match(
      tooMuchL1.stderr,
      new RegExp(`^halcyon: --value: ${dev} has [\\d.]+ ETH on L1, less than 1000000 ETH\n$`, "m"),
    );
    const noFile = await halcyon(["status", "--deployment", join(dir, "missing.json")]);
    assert.equal(noFile.code, 1);
    assert.match(
      noFile.stderr,
      /^halcyon: cannot use the deployment file \(--deployment or HALCYON_DEPLOYMENT\): .*missing\.json/,
    );
    // Not a devnet: no default key.
    const other = join(dir, "other.json");
    await writeFile(other, serializeDeployment({ ...rollup.deployment, l1ChainId: 1 }));
    const noKey = await halcyon(["deposit", "--value", "1", "--deployment", other]);
    assert.equal(noKey.code, 1);
    assert.match(
      noKey.stderr,
      /^halcyon: no signing key: pass --private-key <hex> or set HALCYON_PRIVATE_KEY/,
    );

    assert.equal(await l1().getTransactionCount({ address: dev }), l1Before);
    assert.equal(await l2().getTransactionCount({ address: dev }), l2Before);
    assert.equal(await l2Eth(dev), balance);
  });

  it("halcyon devnet started the devnet with its summary, and stops it on Ctrl-C with exit code 0", async () => {
    assert.match(launched.summary, /^Halcyon devnet started \(a new chain\)/m);
    assert.match(launched.summary, /L2 \(sequencer\)\s+http:\/\/127\.0\.0\.1:\d+\s+chain id 424242/);
    assert.equal(rollup.accounts[0]!.address, dev, "account #0 is the CLI's default key");
    const stopped = await launched.stopped();
    assert.equal(stopped.code, 0, stopped.stderr);
    assert.match(stopped.stdout, /stopped/);
  });
});
