import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  type Address,
  bigintToMinimalBytes,
  bytesToHex,
  encodeRlp,
  encodeSignedTransaction,
  SECP256K1_N,
  type TransactionFields,
} from "@halcyon/protocol";
import {
  GWEI,
  ONE_ETH,
  TEST_CONFIG,
  testWallet,
  transferFields,
} from "../../../packages/protocol/src/testing/fixtures.ts";
import { signTransactionForTest } from "../../../packages/protocol/src/tx/testing.ts";
import { startTestSequencer, type TestSequencer } from "../testing/testSequencer.ts";

// Bad input, each answered with its own clear error, and nothing changed by any of it.

type RpcResponse = {
  id: unknown;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
};

const alice = testWallet(31);
const bob = testWallet(32);
const poor = testWallet(33);

describe("refusals", () => {
  let ts: TestSequencer;

  async function post(body: string): Promise<{ status: number; json: unknown }> {
    const res = await fetch(ts.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    const text = await res.text();
    return { status: res.status, json: text === "" ? undefined : JSON.parse(text) };
  }

  async function call(method: string, params: unknown[]): Promise<RpcResponse> {
    return (await post(JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }))).json as RpcResponse;
  }

  function raw(wallet: typeof alice, fields: Partial<TransactionFields>): string {
    return bytesToHex(
      signTransactionForTest(transferFields({ to: bob.address, ...fields }), wallet.privateKey).raw,
    );
  }

  async function refused(rawTx: string, code: number, message: RegExp): Promise<void> {
    const { error } = await call("eth_sendRawTransaction", [rawTx]);
    assert.ok(error !== undefined, "expected an error");
    assert.equal(error.code, code, error.message);
    assert.match(error.message, message);
  }

  /** Everything a refusal must leave alone. */
  async function snapshot(): Promise<unknown> {
    const read = async (m: string, p: unknown[]) => (await call(m, p)).result;
    return {
      pool: ts.sequencer.mempool.size,
      aliceBalance: await read("eth_getBalance", [alice.address, "latest"]),
      aliceNonce: await read("eth_getTransactionCount", [alice.address, "pending"]),
      poorNonce: await read("eth_getTransactionCount", [poor.address, "pending"]),
      bobBalance: await read("eth_getBalance", [bob.address, "pending"]),
    };
  }

  let baseline: unknown;

  before(async () => {
    ts = await startTestSequencer("refusals");
    await ts.fund(ONE_ETH, alice.address);
    // One included transaction, so that nonce 0 is used.
    const { result } = await call("eth_sendRawTransactionSync", [raw(alice, { nonce: 0n, value: 1n })]);
    assert.ok(result !== undefined);
    // One pending transaction behind a nonce gap (nonce 2 while the account is at 1): it stays in the pool.
    const pending = await call("eth_sendRawTransaction", [raw(alice, { nonce: 2n, value: 2n })]);
    assert.equal(typeof pending.result, "string");
    baseline = await snapshot();
  });

  after(async () => {
    assert.deepEqual(await snapshot(), baseline, "refusals changed nothing");
    await ts.close();
  });

  it("malformed RLP: -32602", async () => {
    await refused("0x02c5010203", -32602, /invalid transaction: malformed-rlp/);
    await refused("0x02c3010203", -32602, /invalid transaction: wrong-field-count/);
    await refused("0xdeadbeef", -32602, /invalid transaction/);
    const { error } = await call("eth_sendRawTransaction", ["0x123"]);
    assert.equal(error?.code, -32602);
    // Larger than MAX_RAW_TX_BYTES (2,048): refused before decoding.
    await refused(`0x02${"00".repeat(3000)}`, -32602, /oversized data/);
  });

  it("wrong chain id", async () => {
    await refused(raw(alice, { nonce: 1n, chainId: 1n }), -32000, /invalid chain id/);
  });

  it("bad signature: high s, and r off the curve", async () => {
    const { tx } = signTransactionForTest(transferFields({ to: bob.address, nonce: 1n }), alice.privateKey);
    const highS = encodeSignedTransaction({
      ...tx,
      s: SECP256K1_N - tx.s,
      yParity: tx.yParity === 0 ? 1 : 0,
    });
    await refused(bytesToHex(highS), -32000, /invalid sender/);
    const offCurve = encodeSignedTransaction({ ...tx, r: 5n });
    await refused(bytesToHex(offCurve), -32000, /invalid sender/);
  });

  it("unsupported transaction types and contract creation", async () => {
    await refused(`0x01${bytesToHex(encodeRlp([])).slice(2)}`, -32000, /transaction type not supported/);
    await refused(`0x03${bytesToHex(encodeRlp([])).slice(2)}`, -32000, /transaction type not supported/);
    const int = (v: bigint) => bigintToMinimalBytes(v);
    const creation = encodeRlp([
      int(TEST_CONFIG.chainId),
      int(1n),
      int(GWEI),
      int(GWEI),
      int(100_000n),
      new Uint8Array(0),
      int(0n),
      new Uint8Array(0),
      [],
      int(0n),
      int(1n),
      int(1n),
    ]);
    await refused(`0x02${bytesToHex(creation).slice(2)}`, -32000, /contract creation is not supported/);
  });

  it("nonce too low, and a nonce too far ahead", async () => {
    await refused(raw(alice, { nonce: 0n, value: 3n }), -32000, /nonce too low: next nonce 1, tx nonce 0/);
    await refused(raw(alice, { nonce: 1n + 17n }), -32000, /nonce too high/);
  });

  it("underpriced replacement", async () => {
    // The pooled nonce-2 transaction pays tip 0.01 gwei and cap 0.04 gwei (transferFields' defaults).
    await refused(
      raw(alice, { nonce: 2n, value: 2n, maxPriorityFeePerGas: 10_500_000n, maxFeePerGas: 44_000_000n }),
      -32000,
      /replacement transaction underpriced/,
    );
  });

  it("insufficient funds, and a fee cap below the minimum base fee", async () => {
    await refused(
      raw(poor, { nonce: 0n, value: 1n }),
      -32000,
      /insufficient funds for gas \* price \+ value/,
    );
    await refused(
      raw(alice, { nonce: 1n, maxPriorityFeePerGas: 0n, maxFeePerGas: 1n }),
      -32000,
      /max fee per gas less than block base fee/,
    );
    await refused(
      raw(alice, { nonce: 1n, gasLimit: 2n ** 40n, maxFeePerGas: GWEI }),
      -32000,
      /insufficient funds|not accepted/,
    );
  });

  it("oversized request: 413 with a JSON-RPC error", async () => {
    const big = JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "eth_sendRawTransaction",
      params: [`0x${"00".repeat(600_000)}`],
    });
    const { status, json } = await post(big);
    assert.equal(status, 413);
    assert.equal((json as RpcResponse).error?.code, -32600);
    assert.match((json as RpcResponse).error!.message, /larger than 1048576 bytes/);
  });

  it("garbage JSON: -32700", async () => {
    const { status, json } = await post("{this is not json");
    assert.equal(status, 200);
    assert.deepEqual(json, {
      jsonrpc: "2.0",
      id: null,
      error: { code: -32700, message: "parse error: invalid JSON" },
    });
  });

  it("unknown method: -32601; bad params: -32602; invalid request: -32600", async () => {
    const unknown = await call("eth_mine", []);
    assert.equal(unknown.error?.code, -32601);
    assert.match(unknown.error!.message, /the method eth_mine does not exist/);
    const badParams = await call("eth_getBalance", ["0x1234", "latest"]);
    assert.equal(badParams.error?.code, -32602);
    assert.match(badParams.error!.message, /address/);
    const { json } = await post(JSON.stringify({ id: 4, method: 42 }));
    assert.equal((json as RpcResponse).error?.code, -32600);
  });

  it("a batch mixing good and bad calls answers each in order", async () => {
    const { json } = await post(
      JSON.stringify([
        { jsonrpc: "2.0", id: "a", method: "eth_chainId", params: [] },
        { jsonrpc: "2.0", id: "b", method: "eth_nope", params: [] },
        { jsonrpc: "2.0", id: "c", method: "eth_getBalance", params: ["not an address"] },
        { jsonrpc: "2.0", method: "eth_blockNumber", params: [] },
        { jsonrpc: "2.0", id: "d", method: "eth_sendRawTransaction", params: ["0x02c0"] },
        "garbage",
        {
          jsonrpc: "2.0",
          id: "e",
          method: "eth_getTransactionCount",
          params: [alice.address as Address, "latest"],
        },
      ]),
    );
    const responses = json as RpcResponse[];
    assert.equal(responses.length, 6, "the notification (no id) is not answered");
    assert.deepEqual(
      responses.map((r) => [r.id, r.error?.code ?? "ok"]),
      [
        ["a", "ok"],
        ["b", -32601],
        ["c", -32602],
        ["d", -32602],
        [null, -32600],
        ["e", "ok"],
      ],
    );
    assert.equal(responses[0]?.result, `0x${TEST_CONFIG.chainId.toString(16)}`);
    assert.equal(responses[5]?.result, "0x1");
  });

  it("eth_sendRawTransactionSync answers code 5 for a transaction behind a nonce gap", async () => {
    // Nonce 3 joins nonce 2 behind the gap at 1: pooled, not executable.
    const { error } = await call("eth_sendRawTransactionSync", [raw(alice, { nonce: 3n })]);
    assert.equal(error?.code, 5);
    assert.match(String(error?.data), /^0x[0-9a-f]{64}$/);
    // It was accepted (the pool holds it), so take it out of the comparison.
    const hash = error!.data as `0x${string}`;
    assert.ok(ts.sequencer.mempool.get(hash) !== undefined);
    ts.sequencer.mempool.remove(hash);
  });
});
