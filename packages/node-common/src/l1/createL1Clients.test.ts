import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { parseTransaction, recoverTransactionAddress, type TransactionSerialized } from "viem";
import { assertL1ChainId, createL1Clients, L1ClientError } from "./createL1Clients.ts";

// A scripted JSON-RPC endpoint on loopback: it answers what the tests need, and can fail or stall the
// first requests, so the transport's retries and timeouts are tested without an L1 node.
type Rpc = { method: string; params: unknown[] };
type Behaviour = (rpc: Rpc, res: ServerResponse) => boolean; // true: handled (failed or stalled)

const KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"; // Hardhat account 0
const ADDRESS = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

function answer(rpc: Rpc): unknown {
  switch (rpc.method) {
    case "eth_chainId":
      return "0x7a69";
    case "eth_blockNumber":
      return "0x10";
    case "eth_sendRawTransaction":
      return `0x${"ab".repeat(32)}`;
    default:
      return null;
  }
}

describe("createL1Clients", () => {
  const seen: Rpc[] = [];
  let behave: Behaviour = () => false;
  let url: string;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      const rpc = JSON.parse(body) as Rpc & { id: number };
      seen.push({ method: rpc.method, params: rpc.params });
      if (behave(rpc, res)) return;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ jsonrpc: "2.0", id: rpc.id, result: answer(rpc) }));
    });
  });
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("retries a failing endpoint with backoff", async () => {
    seen.length = 0;
    let failures = 2;
    behave = (_rpc, res) => {
      if (failures-- <= 0) return false;
      res.statusCode = 503;
      res.end("busy");
      return true;
    };
    const { publicClient } = createL1Clients({ rpcUrl: url, retryDelayMs: 10 });
    assert.equal(await publicClient.getBlockNumber({ cacheTime: 0 }), 16n);
    assert.equal(seen.length, 3);
  });

  it("gives up after the timeout and the retries", async () => {
    behave = () => true; // never answer
    const { publicClient } = createL1Clients({
      rpcUrl: url,
      timeoutMs: 100,
      retryCount: 1,
      retryDelayMs: 10,
    });
    const started = performance.now();
    await assert.rejects(publicClient.getChainId(), { name: "TimeoutError" });
    const elapsed = performance.now() - started;
    assert.ok(elapsed >= 200 && elapsed < 2_000, `gave up after ${elapsed} ms`);
  });

  it("signs transactions locally for the configured chain", async () => {
    seen.length = 0;
    behave = () => false;
    const { walletClient, chain } = createL1Clients({ rpcUrl: url, privateKey: KEY, chainId: 31337 });
    assert.equal(chain?.id, 31337);
    assert.equal(walletClient.account.address, ADDRESS);
    await walletClient.sendTransaction({
      to: ADDRESS,
      value: 1n,
      nonce: 0,
      gas: 21_000n,
      maxFeePerGas: 2_000_000_000n,
      maxPriorityFeePerGas: 1n,
    });
    const raw = seen.find((r) => r.method === "eth_sendRawTransaction")?.params[0] as TransactionSerialized;
    assert.equal(parseTransaction(raw).chainId, 31337);
    assert.equal(await recoverTransactionAddress({ serializedTransaction: raw as never }), ADDRESS);
    assert.ok(!seen.some((r) => r.method === "eth_sendTransaction"), "the node never signs");
  });

  it("checks the node's chain id and refuses bad input", async () => {
    behave = () => false;
    const { publicClient } = createL1Clients({ rpcUrl: url });
    await assertL1ChainId(publicClient, 31337);
    await assert.rejects(assertL1ChainId(publicClient, 1), /on chain 31337, expected 1/);
    assert.equal(createL1Clients({ rpcUrl: url }).walletClient, undefined);
    assert.throws(() => createL1Clients({ rpcUrl: "ws://x" }), L1ClientError);
    assert.throws(() => createL1Clients({ rpcUrl: url, privateKey: "0x01", chainId: 1 }), L1ClientError);
    assert.throws(() => createL1Clients({ rpcUrl: url, privateKey: KEY }), /needs the L1 chain id/);
    assert.throws(() => createL1Clients({ rpcUrl: url, chainId: 0 }), L1ClientError);
  });
});
