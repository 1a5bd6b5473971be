import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type Address, MIN_BASE_FEE, type SignedTransaction } from "@halcyon/protocol";
import {
  GWEI,
  ONE_ETH,
  testWallet,
  transferFields,
} from "../../../packages/protocol/src/testing/fixtures.ts";
import { signTransactionForTest } from "../../../packages/protocol/src/tx/testing.ts";
import { TransactionRefusedError } from "./errors.ts";
import { type AccountSnapshot, Mempool, type PoolTransaction } from "./mempool.ts";

const alice = testWallet(1);
const bob = testWallet(2);
const carol = testWallet(3);
const RICH: AccountSnapshot = { nonce: 0n, balance: 100n * ONE_ETH };

function signed(
  wallet: { privateKey: Uint8Array },
  nonce: bigint,
  fees: { tip?: bigint; maxFee?: bigint; value?: bigint } = {},
): { tx: SignedTransaction; raw: Uint8Array } {
  return signTransactionForTest(
    transferFields({
      to: carol.address,
      nonce,
      value: fees.value ?? 1n,
      maxPriorityFeePerGas: fees.tip ?? GWEI,
      maxFeePerGas: fees.maxFee ?? 2n * GWEI,
    }),
    wallet.privateKey,
  );
}

function admit(
  pool: Mempool,
  wallet: { privateKey: Uint8Array; address: Address },
  nonce: bigint,
  fees: Parameters<typeof signed>[2] = {},
  account: AccountSnapshot = RICH,
): PoolTransaction {
  const { tx, raw } = signed(wallet, nonce, fees);
  const { added } = pool.admit({ tx, raw, sender: wallet.address, durable: true }, account);
  return added;
}

function refusal(fn: () => unknown, reason: string): void {
  assert.throws(fn, (e) => e instanceof TransactionRefusedError && e.reason === reason);
}

describe("mempool admission", () => {
  it("refuses a nonce below the account's, naming the next nonce", () => {
    const pool = new Mempool();
    const { tx, raw } = signed(alice, 2n);
    assert.throws(
      () => pool.admit({ tx, raw, sender: alice.address }, { nonce: 3n, balance: ONE_ETH }),
      (e) =>
        e instanceof TransactionRefusedError &&
        e.reason === "nonce-too-low" &&
        /nonce too low: next nonce 3/.test(e.message),
    );
    assert.equal(pool.size, 0);
  });

  it("keeps nonce gaps up to maxNonceAhead and refuses beyond", () => {
    const pool = new Mempool({ maxNonceAhead: 16 });
    admit(pool, alice, 16n);
    refusal(() => admit(pool, alice, 17n), "nonce-too-high");
    assert.equal(pool.size, 1);
    assert.equal(
      pool.pendingNonce(alice.address, 0n),
      0n,
      "a gapped transaction does not advance the pending nonce",
    );
  });

  it("refuses the same transaction twice", () => {
    const pool = new Mempool();
    const { tx, raw } = signed(alice, 0n);
    pool.admit({ tx, raw, sender: alice.address }, RICH);
    refusal(() => pool.admit({ tx, raw, sender: alice.address }, RICH), "already-known");
  });

  it("refuses a fee cap below the minimum base fee and a gas limit below the required gas", () => {
    const pool = new Mempool();
    refusal(() => admit(pool, alice, 0n, { tip: 0n, maxFee: MIN_BASE_FEE - 1n }), "fee-too-low");
    const { tx, raw } = signTransactionForTest(
      transferFields({ to: carol.address, gasLimit: 20_999n }),
      alice.privateKey,
    );
    refusal(() => pool.admit({ tx, raw, sender: alice.address }, RICH), "intrinsic-gas-too-low");
    assert.equal(pool.size, 0);
  });

  it("checks the balance against every queued transaction before this one", () => {
    const pool = new Mempool();
    const cost = 21_000n * 2n * GWEI + ONE_ETH; // gasLimit x maxFee + value
    const account = { nonce: 0n, balance: 2n * cost };
    admit(pool, alice, 0n, { value: ONE_ETH }, account);
    admit(pool, alice, 1n, { value: ONE_ETH }, account);
    assert.throws(
      () => admit(pool, alice, 2n, { value: ONE_ETH }, account),
      (e) =>
        e instanceof TransactionRefusedError &&
        e.reason === "insufficient-funds" &&
        /insufficient funds/.test(e.message),
    );
  });

  it("replaces the same (sender, nonce) only with both fees raised by 10%", () => {
    const pool = new Mempool();
    const first = admit(pool, alice, 0n, { tip: 10n * GWEI, maxFee: 20n * GWEI });
    refusal(() => admit(pool, alice, 0n, { tip: 11n * GWEI, maxFee: 21n * GWEI }), "replacement-underpriced");
    refusal(() => admit(pool, alice, 0n, { tip: 10n * GWEI, maxFee: 30n * GWEI }), "replacement-underpriced");
    const { tx, raw } = signed(alice, 0n, { tip: 11n * GWEI, maxFee: 22n * GWEI });
    const admission = pool.admit({ tx, raw, sender: alice.address }, RICH);
    assert.deepEqual(
      admission.removed.map((t) => t.hash),
      [first.hash],
    );
    assert.equal(pool.get(first.hash), undefined);
    assert.equal(pool.size, 1);
  });

  it("per-sender cap: makes room with the sender's highest later nonce, refuses otherwise", () => {
    const pool = new Mempool({ maxPerSender: 2 });
    admit(pool, alice, 0n);
    const later = admit(pool, alice, 5n);
    const { tx, raw } = signed(alice, 1n);
    const admission = pool.admit({ tx, raw, sender: alice.address }, RICH);
    assert.deepEqual(
      admission.removed.map((t) => t.hash),
      [later.hash],
    );
    refusal(() => admit(pool, alice, 2n), "sender-limit");
  });

  it("global cap: evicts the lowest-paying transaction, never the newcomer's own earlier nonce", () => {
    const pool = new Mempool({ maxTransactions: 2 });
    const cheapAlice = admit(pool, alice, 0n, { tip: 1n * GWEI, maxFee: 5n * GWEI });
    const bobTx = admit(pool, bob, 0n, { tip: 3n * GWEI, maxFee: 5n * GWEI });
    // Alice's next nonce cannot push out her own head, and pays less than Bob: refused.
    refusal(() => admit(pool, alice, 1n, { tip: 2n * GWEI, maxFee: 5n * GWEI }), "pool-full");
    // Carol pays more than Alice's head: it goes.
    const { tx, raw } = signed(carol, 0n, { tip: 2n * GWEI, maxFee: 5n * GWEI });
    const admission = pool.admit({ tx, raw, sender: carol.address }, RICH);
    assert.deepEqual(
      admission.removed.map((t) => t.hash),
      [cheapAlice.hash],
    );
    assert.ok(pool.get(bobTx.hash));
    // Paying no more than the cheapest is not enough.
    refusal(() => admit(pool, alice, 0n, { tip: 2n * GWEI, maxFee: 5n * GWEI }), "pool-full");
  });

  it("undo restores what an admission pushed out", () => {
    const pool = new Mempool();
    const first = admit(pool, alice, 0n, { tip: 10n * GWEI, maxFee: 20n * GWEI });
    const { tx, raw } = signed(alice, 0n, { tip: 20n * GWEI, maxFee: 40n * GWEI });
    const admission = pool.admit({ tx, raw, sender: alice.address }, RICH);
    pool.undo(admission);
    assert.equal(pool.get(tx.hash), undefined);
    assert.equal(pool.get(first.hash), first);
  });
});

describe("mempool selection", () => {
  it("picks by effective tip, then arrival, each sender in nonce order, durable ones only", () => {
    const pool = new Mempool();
    const a0 = admit(pool, alice, 0n, { tip: 1n * GWEI, maxFee: 10n * GWEI });
    const a1 = admit(pool, alice, 1n, { tip: 9n * GWEI, maxFee: 10n * GWEI });
    const b0 = admit(pool, bob, 0n, { tip: 5n * GWEI, maxFee: 10n * GWEI });
    const { tx, raw } = signed(carol, 0n, { tip: 8n * GWEI, maxFee: 10n * GWEI });
    pool.admit({ tx, raw, sender: carol.address }, RICH); // not durable yet
    const { selection } = pool.select(() => 0n, MIN_BASE_FEE);
    const order: string[] = [];
    for (let t = selection.next(); t !== undefined; t = selection.next()) {
      order.push(t.hash);
      selection.accepted(t);
    }
    assert.deepEqual(order, [b0.hash, a0.hash, a1.hash]);
  });

  it("skips transactions whose fee cap is below the base fee, and reports stale nonces", () => {
    const pool = new Mempool();
    const stale = admit(pool, alice, 0n);
    admit(pool, bob, 0n, { tip: 1n, maxFee: MIN_BASE_FEE });
    const { selection, stale: found } = pool.select(
      (s) => (s === alice.address ? 1n : 0n),
      2n * MIN_BASE_FEE,
    );
    assert.equal(selection.next(), undefined);
    assert.deepEqual(
      found.map((t) => t.hash),
      [stale.hash],
    );
    assert.equal(pool.get(stale.hash), undefined);
  });
});
