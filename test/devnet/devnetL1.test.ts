// The devnet's L1 journal and its replay, on real Hardhat chains: what was mined before a stop comes
// back block for block (same hashes, same state) after a restart, and a journal that does not replay
// is refused rather than resumed on a different chain.
import assert from "node:assert/strict";
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  type Hex,
  http,
  parseEther,
  parseGwei,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { readArtifact } from "../../scripts/lib/artifacts.ts";
import { L1Journal, L1JournalError } from "../../scripts/lib/devnet/l1Journal.ts";
import { DevnetResumeError, startDevnetL1 } from "../../scripts/lib/devnet/startDevnetL1.ts";

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "halcyon-devnet-l1-"));
  dirs.push(dir);
  return dir;
}
after(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

const H = (n: number): Hex => `0x${n.toString(16).padStart(64, "0")}`;
const block = (number: number, parent = number - 1) => ({
  number,
  hash: H(number),
  parentHash: H(parent),
  timestamp: 1_000 + number,
  transactions: [],
});

describe("L1Journal", () => {
  it("keeps blocks across reopenings and drops a torn last line", async () => {
    const path = join(await tempDir(), "blocks.jsonl");
    const journal = L1Journal.open(path);
    journal.append(block(1));
    journal.append(block(2));
    appendFileSync(path, '{"number":3,"hash":"0x');
    const reopened = L1Journal.open(path);
    assert.equal(reopened.head, 2);
    assert.equal(reopened.hashAt(2), H(2));
    assert.equal(readFileSync(path, "utf8").split("\n").length, 3, "the torn line is gone from the file");
    reopened.append(block(3));
    assert.equal(L1Journal.open(path).head, 3);
  });

  it("rewinds when a block replaces a journaled one, and refuses gaps and strangers", async () => {
    const path = join(await tempDir(), "blocks.jsonl");
    const journal = L1Journal.open(path);
    for (let n = 1; n <= 4; n++) journal.append(block(n));
    journal.append({ ...block(3), hash: H(333) });
    assert.equal(journal.head, 3);
    assert.equal(L1Journal.open(path).hashAt(3), H(333));
    assert.throws(() => journal.append(block(5)), L1JournalError, "a gap");
    assert.throws(() => journal.append({ ...block(4), parentHash: H(99) }), L1JournalError, "not its parent");
  });

  it("refuses a file whose blocks do not chain", async () => {
    const path = join(await tempDir(), "blocks.jsonl");
    writeFileSync(path, `${JSON.stringify(block(1))}\n${JSON.stringify(block(2, 7))}\n`);
    assert.throws(() => L1Journal.open(path), /does not follow/);
    writeFileSync(path, `${JSON.stringify(block(1))}\nnot json\n${JSON.stringify(block(2))}\n`);
    assert.throws(() => L1Journal.open(path), L1JournalError);
  });
});

describe("the devnet L1 across a restart", () => {
  it("replays every kind of transaction, time travel and a revert to the same blocks and state", async () => {
    const dir = await tempDir();
    let l1 = await startDevnetL1({ dir, port: 0, blockTimeMs: 0 });
    assert.equal(l1.created, true);
    let transport = http(l1.url);
    const chain = { ...hardhat, rpcUrls: { default: { http: [l1.url] } } };
    const test = createTestClient({ chain, mode: "hardhat", transport });
    const [unlocked] = await createWalletClient({ chain, transport }).getAddresses();
    const wallet = createWalletClient({
      chain,
      transport,
      account: { address: unlocked!, type: "json-rpc" },
    });
    const local = createWalletClient({
      chain,
      transport,
      account: privateKeyToAccount("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"),
    });
    const to = "0x00000000000000000000000000000000000000aa";
    await wallet.sendTransaction({ to, value: 1n, type: "legacy", gasPrice: parseGwei("3") });
    await wallet.sendTransaction({
      to,
      value: 2n,
      type: "eip2930",
      accessList: [],
      gasPrice: parseGwei("3"),
    });
    await wallet.sendTransaction({ to, value: 3n });
    await local.sendTransaction({ to, value: 4n });
    // Calldata and a contract creation.
    const artifact = readArtifact("TestToken");
    await local.deployContract({ abi: artifact.abi, bytecode: artifact.bytecode, args: ["Token", "TKN"] });
    // Two transactions in one block, the second paying the larger tip.
    await test.setAutomine(false);
    await local.sendTransaction({ to, value: 5n, maxPriorityFeePerGas: 1n });
    await wallet.sendTransaction({ to, value: 6n, maxPriorityFeePerGas: parseGwei("2") });
    await test.mine({ blocks: 1 });
    await test.setAutomine(true);
    await test.increaseTime({ seconds: 3_600 });
    await test.mine({ blocks: 1 });
    // A snapshot reverted: the journal must forget the reverted blocks.
    const snapshot = await test.snapshot();
    await wallet.sendTransaction({ to, value: parseEther("1") });
    await l1.sync();
    await test.revert({ id: snapshot });
    await wallet.sendTransaction({ to, value: 7n });
    await l1.stop();

    const before = L1Journal.open(join(dir, "blocks.jsonl")).blocks;
    assert.equal(before.length, 8);
    assert.equal(before[5]!.transactions.length, 2);

    l1 = await startDevnetL1({ dir, port: 0, blockTimeMs: 50 });
    assert.equal(l1.created, false);
    assert.equal(l1.replayedBlocks, 8);
    transport = http(l1.url);
    const again = createPublicClient({ chain, transport });
    for (const b of before) {
      assert.equal((await again.getBlock({ blockNumber: BigInt(b.number) })).hash, b.hash);
    }
    assert.equal(await again.getBalance({ address: to }), 28n, "the reverted 1 ETH is not there");
    // Time goes on from where the chain was, and mining continues on top of the replayed head.
    await new Promise((r) => setTimeout(r, 300));
    const head = await again.getBlock();
    assert.ok(head.number > 8n);
    assert.ok(head.timestamp >= BigInt(before.at(-1)!.timestamp));
    await l1.stop();
    assert.ok(L1Journal.open(join(dir, "blocks.jsonl")).head >= Number(head.number));
  });

  it("mines hardhat_mine's blocks for real (Hardhat would reserve them), so they journal and replay", async () => {
    const dir = await tempDir();
    let l1 = await startDevnetL1({ dir, port: 0, blockTimeMs: 0 });
    const chain = { ...hardhat, rpcUrls: { default: { http: [l1.url] } } };
    await createTestClient({ chain, mode: "hardhat", transport: http(l1.url) }).mine({
      blocks: 500,
      interval: 12,
    });
    const client = createPublicClient({ chain, transport: http(l1.url) });
    const blocks = await Promise.all(
      [1n, 2n, 250n, 499n, 500n].map((blockNumber) => client.getBlock({ blockNumber })),
    );
    assert.equal(blocks[4]!.timestamp - blocks[0]!.timestamp, 499n * 12n, "the interval is kept");
    assert.equal(blocks[3]!.hash, blocks[4]!.parentHash);
    assert.notEqual(blocks[2]!.parentHash, `0x${"0".repeat(64)}`, "no reserved block");
    await l1.stop();
    l1 = await startDevnetL1({ dir, port: 0, blockTimeMs: 0 });
    assert.equal(l1.replayedBlocks, 500);
    const again = createPublicClient({ chain, transport: http(l1.url) });
    assert.equal((await again.getBlock({ blockNumber: 500n })).hash, blocks[4]!.hash);
    await l1.stop();
  });

  it("replays state set by hardhat_set* calls, and refuses a chain with an impersonated transaction", async () => {
    const dir = await tempDir();
    let l1 = await startDevnetL1({ dir, port: 0, blockTimeMs: 0 });
    let chain = { ...hardhat, rpcUrls: { default: { http: [l1.url] } } };
    let test = createTestClient({ chain, mode: "hardhat", transport: http(l1.url) });
    const rich = "0x00000000000000000000000000000000000000bb";
    await test.setBalance({ address: rich, value: parseEther("5") });
    await test.mine({ blocks: 1 });
    await test.setCode({ address: rich, bytecode: "0x6001" });
    await test.mine({ blocks: 1 });
    const head = await createPublicClient({ chain, transport: http(l1.url) }).getBlock();
    await l1.stop();

    l1 = await startDevnetL1({ dir, port: 0, blockTimeMs: 0 });
    chain = { ...hardhat, rpcUrls: { default: { http: [l1.url] } } };
    const client = createPublicClient({ chain, transport: http(l1.url) });
    assert.equal((await client.getBlock({ blockNumber: head.number })).hash, head.hash);
    assert.equal(await client.getBalance({ address: rich }), parseEther("5"));
    assert.equal(await client.getCode({ address: rich }), "0x6001");

    // Hardhat signs an impersonated account's transaction with a signature no replay can send.
    const lines: string[] = [];
    await l1.stop();
    l1 = await startDevnetL1({ dir, port: 0, blockTimeMs: 0, onLog: (line) => lines.push(line) });
    chain = { ...hardhat, rpcUrls: { default: { http: [l1.url] } } };
    test = createTestClient({ chain, mode: "hardhat", transport: http(l1.url) });
    await test.impersonateAccount({ address: rich });
    await createWalletClient({ chain, transport: http(l1.url), account: { address: rich, type: "json-rpc" } })
      .sendTransaction({ to: rich, value: 1n, gas: 100_000n })
      .catch(() => {});
    await test.mine({ blocks: 1 });
    await l1.sync();
    assert.ok(
      lines.some((line) => /cannot be replayed, so this chain will not resume/.test(line)),
      lines.join("\n"),
    );
    await l1.stop();
    await assert.rejects(
      startDevnetL1({ dir, port: 0, blockTimeMs: 0 }),
      /cannot be replayed: transaction 0x[0-9a-f]{64} was sent for an impersonated account/,
    );
  });

  it("refuses to resume a journal that does not replay, or a different genesis", async () => {
    const dir = await tempDir();
    const l1 = await startDevnetL1({ dir, port: 0, blockTimeMs: 0 });
    const chain = { ...hardhat, rpcUrls: { default: { http: [l1.url] } } };
    const transport = http(l1.url);
    const [address] = await createWalletClient({ chain, transport }).getAddresses();
    const wallet = createWalletClient({ chain, transport, account: { address: address!, type: "json-rpc" } });
    await wallet.sendTransaction({ to: address!, value: 1n });
    await createTestClient({ chain, mode: "hardhat", transport }).mine({ blocks: 2 });
    await l1.stop();

    const journalPath = join(dir, "blocks.jsonl");
    const original = readFileSync(journalPath, "utf8");
    const lines = original.trimEnd().split("\n");
    const second = JSON.parse(lines[1]!) as { timestamp: number };
    lines[1] = JSON.stringify({ ...second, timestamp: second.timestamp + 5 });
    writeFileSync(journalPath, `${lines.join("\n")}\n`);
    await assert.rejects(startDevnetL1({ dir, port: 0, blockTimeMs: 0 }), (error: unknown) => {
      assert.ok(error instanceof DevnetResumeError);
      assert.match(error.message, /L1 block 2 replays to 0x[0-9a-f]{64}, not/);
      return true;
    });

    writeFileSync(journalPath, original);
    const chainPath = join(dir, "chain.json");
    const chainFile = JSON.parse(readFileSync(chainPath, "utf8")) as { initialDate: string };
    writeFileSync(
      chainPath,
      JSON.stringify({ ...chainFile, initialDate: new Date(Date.parse(chainFile.initialDate) + 1000) }),
    );
    await assert.rejects(startDevnetL1({ dir, port: 0, blockTimeMs: 0 }), /the L1 genesis is/);
  });
});
