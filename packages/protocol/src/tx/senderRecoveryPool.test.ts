import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { bytesToHex } from "../bytes.ts";
import { MAX_RAW_TX_BYTES } from "../constants.ts";
import { decodeTransaction, TransactionDecodeError } from "./decodeTransaction.ts";
import { recoverAddress, recoverSender } from "./recoverSender.ts";
import {
  createSenderRecoveryPool,
  type RawRecoveryResult,
  type SenderRecoveryPool,
  SenderRecoveryPoolError,
} from "./senderRecoveryPool.ts";
import { encodeSignedTransaction, signingHash } from "./signingHash.ts";
import { signTransactionForTest, testPrivateKey } from "./testing.ts";
import { SECP256K1_N, type SignedTransaction, type TransactionFields } from "./transaction.ts";

const CHAIN_ID = 424242n;
const KEYS = Array.from({ length: 50 }, (_, i) => testPrivateKey(i));

function fields(i: number): TransactionFields {
  const type = i % 5 === 0 ? 0 : 2;
  return {
    type,
    chainId: CHAIN_ID,
    nonce: BigInt(i),
    maxPriorityFeePerGas: type === 2 ? 10n ** 9n : 3n * 10n ** 10n,
    maxFeePerGas: 3n * 10n ** 10n,
    gasLimit: 21_000n,
    to: bytesToHex(new Uint8Array(20).fill(i % 256)),
    value: BigInt(i) * 10n ** 12n,
    data: new Uint8Array(i % 3),
  };
}

/** A signed transaction whose r is not an x coordinate on the curve: it decodes but recovers no key. */
function unrecoverableRaw(): Uint8Array {
  const f = fields(1);
  const hash = signingHash(f);
  for (let r = 1n; ; r++) {
    if (recoverAddress(hash, 0, r, 1n) === null)
      return encodeSignedTransaction({ ...f, yParity: 0, r, s: 1n });
  }
}

/** `count` valid raws, with invalid ones of every kind placed in the middle. */
function block(count: number): Uint8Array[] {
  const raws = Array.from(
    { length: count },
    (_, i) => signTransactionForTest(fields(i), KEYS[i % KEYS.length]!).raw,
  );
  if (count >= 100) {
    const tx = decodeTransaction(raws[10]!, CHAIN_ID);
    const highS = encodeSignedTransaction({
      ...tx,
      s: SECP256K1_N - tx.s,
      yParity: tx.yParity === 0 ? 1 : 0,
    });
    const wrongChain = signTransactionForTest({ ...fields(11), chainId: 1n }, KEYS[0]!).raw;
    const middle = Math.floor(count / 2);
    raws.splice(middle, 0, new Uint8Array(0), Uint8Array.of(1, 2, 3), highS, wrongChain, unrecoverableRaw());
    raws.splice(middle + 40, 0, new Uint8Array(MAX_RAW_TX_BYTES + 1).fill(0xc0), raws[3]!.subarray(0, 50));
  }
  return raws;
}

/** What the pool must answer, computed one transaction at a time on this thread. */
function expected(raws: Uint8Array[]): RawRecoveryResult[] {
  return raws.map((raw) => {
    let tx: SignedTransaction;
    try {
      tx = decodeTransaction(raw, CHAIN_ID);
    } catch (error) {
      assert.ok(error instanceof TransactionDecodeError);
      return { ok: false, error: error.reason };
    }
    const sender = recoverSender(tx);
    return sender === null ? { ok: false, error: "unrecoverable-signature" } : { ok: true, tx, sender };
  });
}

describe("createSenderRecoveryPool", () => {
  let pool: SenderRecoveryPool;
  before(() => {
    pool = createSenderRecoveryPool({ threads: 2 });
  });
  after(() => pool.close());

  it("answers an empty input with an empty array", async () => {
    assert.deepEqual(await pool.recoverRaw([], CHAIN_ID), []);
    assert.deepEqual(await pool.recoverSenders([]), []);
  });

  it("recovers one transaction", async () => {
    const raws = block(1);
    assert.deepEqual(await pool.recoverRaw(raws, CHAIN_ID), expected(raws));
    const tx = decodeTransaction(raws[0]!, CHAIN_ID);
    assert.deepEqual(await pool.recoverSenders([tx]), [recoverSender(tx)]);
  });

  it("recovers 5,000 transactions with invalid ones in the middle, in order, like recoverSender", async () => {
    const raws = block(5000);
    const want = expected(raws);
    const got = await pool.recoverRaw(raws, CHAIN_ID);
    assert.equal(got.length, raws.length);
    assert.deepEqual(got, want);
    const errors = got.flatMap((r) => (r.ok ? [] : [r.error]));
    assert.deepEqual(errors, [
      "malformed-rlp",
      "unsupported-type",
      "bad-signature",
      "wrong-chain-id",
      "unrecoverable-signature",
      "too-large",
      "malformed-rlp",
    ]);
    // The same senders from already-decoded transactions.
    const txs = got.flatMap((r) => (r.ok ? [r.tx] : []));
    const senders = await pool.recoverSenders(txs);
    assert.deepEqual(
      senders,
      got.flatMap((r) => (r.ok ? [r.sender] : [])),
    );
  });

  it("answers null in recoverSenders for a signature that recovers no key", async () => {
    const bad = decodeTransaction(unrecoverableRaw(), CHAIN_ID);
    const good = decodeTransaction(block(1)[0]!, CHAIN_ID);
    assert.deepEqual(await pool.recoverSenders([good, bad, { ...good, r: 2n ** 256n }, good]), [
      recoverSender(good),
      null,
      null,
      recoverSender(good),
    ]);
  });

  it("keeps concurrent calls apart", async () => {
    const a = block(300);
    const b = block(120).reverse();
    const [gotA, gotB, gotA2] = await Promise.all([
      pool.recoverRaw(a, CHAIN_ID),
      pool.recoverRaw(b, CHAIN_ID),
      pool.recoverRaw(a, CHAIN_ID),
    ]);
    assert.deepEqual(gotA, expected(a));
    assert.deepEqual(gotB, expected(b));
    assert.deepEqual(gotA2, gotA);
  });

  it("gives the same answers with 1 and 3 threads and tiny slices", async () => {
    const raws = block(200);
    for (const threads of [1, 3]) {
      const other = createSenderRecoveryPool({ threads, minSliceSize: 1 });
      try {
        assert.deepEqual(await other.recoverRaw(raws, CHAIN_ID), expected(raws));
        assert.deepEqual(await other.recoverRaw(raws.slice(0, 2), CHAIN_ID), expected(raws.slice(0, 2)));
      } finally {
        await other.close();
      }
    }
  });

  it("refuses calls after close, and close is idempotent", async () => {
    const other = createSenderRecoveryPool({ threads: 1 });
    const pending = other.recoverRaw(block(20), CHAIN_ID);
    const closing = other.close();
    assert.equal((await pending).length, 20, "calls in flight finish before the workers stop");
    await Promise.all([closing, other.close()]);
    await assert.rejects(
      other.recoverRaw(block(1), CHAIN_ID),
      (error: unknown) => error instanceof SenderRecoveryPoolError && error.reason === "closed",
    );
  });

  it("refuses bad options", () => {
    for (const options of [{ threads: 0 }, { threads: 1.5 }, { minSliceSize: 0 }]) {
      assert.throws(
        () => createSenderRecoveryPool(options),
        (error: unknown) => error instanceof SenderRecoveryPoolError && error.reason === "bad-options",
      );
    }
  });

  it("lets the process exit once idle, closed or not, and runs under V8 flags workers refuse", () => {
    const poolUrl = new URL("./senderRecoveryPool.ts", import.meta.url).href;
    const testingUrl = new URL("./testing.ts", import.meta.url).href;
    for (const [close, flags] of [
      [true, []],
      [false, []],
      [true, ["--max-semi-space-size=64"]],
    ] as const) {
      const script = `
        import { createSenderRecoveryPool } from ${JSON.stringify(poolUrl)};
        import { signTransactionForTest, testPrivateKey } from ${JSON.stringify(testingUrl)};
        const pool = createSenderRecoveryPool({ threads: 2, minSliceSize: 1 });
        const f = { type: 2, chainId: 5n, nonce: 0n, maxPriorityFeePerGas: 1n, maxFeePerGas: 1n, gasLimit: 21000n,
          to: "0x${"11".repeat(20)}", value: 0n, data: new Uint8Array(0) };
        const raws = [0, 1, 2].map((i) => signTransactionForTest({ ...f, nonce: BigInt(i) }, testPrivateKey(i)).raw);
        const results = await pool.recoverRaw(raws, 5n);
        console.log(results.filter((r) => r.ok).length);
        ${close ? "await pool.close();" : ""}
      `;
      const child = spawnSync(process.execPath, [...flags, "--input-type=module", "-e", script], {
        encoding: "utf8",
        timeout: 15_000,
      });
      assert.equal(child.signal, null, `the process did not exit (close: ${close})`);
      assert.equal(child.status, 0, child.stderr);
      assert.equal(child.stdout.trim(), "3");
    }
  });
});
