import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type Address, bytesToHex, hexToBytes } from "../bytes.ts";
import {
  GAS_TOKEN_CALL,
  GAS_TRANSFER,
  GAS_WITHDRAWAL,
  L2_BRIDGE_ADDRESS,
  MAX_NONCE,
  MIN_BASE_FEE,
} from "../constants.ts";
import type { L2State } from "../state/l2State.ts";
import { accountKey } from "../state/stateKeys.ts";
import {
  erc20Deposit,
  fundedState,
  GWEI,
  ONE_ETH,
  signWith,
  TEST_CONFIG,
  TEST_FEE_VAULT,
  testWallet,
  transferFields,
} from "../testing/fixtures.ts";
import { l2TokenAddress } from "../tokenAddress.ts";
import { SECP256K1_N, type SignedTransaction } from "../tx/transaction.ts";
import { applyQueueEntry } from "./applyQueueEntry.ts";
import { applyTransaction, type TxOutcome } from "./applyTransaction.ts";
import { TRANSFER_TOPIC, WITHDRAWAL_INITIATED_TOPIC } from "./logs.ts";
import { recoverTxSender } from "./recoverTxSender.ts";

const alice = testWallet(1);
const bob = testWallet(2);
const BASE = MIN_BASE_FEE;

function apply(state: L2State, tx: SignedTransaction, base = BASE): TxOutcome {
  return applyTransaction(state, tx, recoverTxSender(tx), base, TEST_CONFIG);
}

function rootHex(state: L2State): string {
  return bytesToHex(state.stateRoot());
}

function assertInvalid(state: L2State, tx: SignedTransaction, reason: string, base = BASE): void {
  const before = rootHex(state);
  const outcome = apply(state, tx, base);
  assert.deepEqual(outcome, { status: "invalid", reason });
  assert.equal(rootHex(state), before, "an invalid transaction changes nothing");
}

function transferCalldata(to: Address, amount: bigint): Uint8Array {
  return hexToBytes(`0xa9059cbb${to.slice(2).padStart(64, "0")}${amount.toString(16).padStart(64, "0")}`);
}

function withdrawCalldata(amount: bigint): Uint8Array {
  return hexToBytes(`0x2e1a7d4d${amount.toString(16).padStart(64, "0")}`);
}

describe("ETH transfers", () => {
  test("moves value, bumps the nonce, pays the fee to the vault and creates the recipient", () => {
    const state = fundedState([[alice.address, ONE_ETH]]);
    const tx = signWith(
      alice,
      transferFields({
        to: bob.address,
        value: 10n ** 17n,
        maxPriorityFeePerGas: GWEI,
        maxFeePerGas: 3n * GWEI,
      }),
    );
    const outcome = apply(state, tx);
    assert.equal(outcome.status, "succeeded");
    const price = BASE + GWEI; // min(maxFee, base + tip)
    assert.equal(outcome.status === "succeeded" && outcome.effectiveGasPrice, price);
    const fee = GAS_TRANSFER * price;
    assert.deepEqual(state.peekAccount(alice.address), {
      balance: ONE_ETH - 10n ** 17n - fee,
      nonce: 1n,
      index: 1n,
    });
    assert.deepEqual(state.peekAccount(TEST_FEE_VAULT), { balance: fee, nonce: 0n, index: 2n });
    assert.deepEqual(state.peekAccount(bob.address), { balance: 10n ** 17n, nonce: 0n, index: 3n });
    assert.equal(state.accountCount, 3n);
    assert.equal(state.peekAddressOfIndex(3n), bob.address);
  });

  test("price is capped by maxFeePerGas", () => {
    const state = fundedState([[alice.address, ONE_ETH]]);
    const tx = signWith(
      alice,
      transferFields({ to: bob.address, maxPriorityFeePerGas: 10n, maxFeePerGas: BASE + 5n }),
    );
    const outcome = apply(state, tx);
    assert.equal(outcome.status === "succeeded" && outcome.effectiveGasPrice, BASE + 5n);
  });

  test("nonce too low and too high are invalid no-ops", () => {
    const state = fundedState([[alice.address, ONE_ETH]]);
    assert.equal(apply(state, signWith(alice, transferFields({ to: bob.address }))).status, "succeeded");
    assertInvalid(state, signWith(alice, transferFields({ to: bob.address, nonce: 0n })), "nonce-mismatch");
    assertInvalid(state, signWith(alice, transferFields({ to: bob.address, nonce: 2n })), "nonce-mismatch");
  });

  test("a fee cap below the base fee is invalid", () => {
    const state = fundedState([[alice.address, ONE_ETH]]);
    const tx = signWith(
      alice,
      transferFields({ to: bob.address, maxPriorityFeePerGas: 0n, maxFeePerGas: 2n * BASE - 1n }),
    );
    assertInvalid(state, tx, "max-fee-below-base-fee", 2n * BASE);
    assert.equal(apply(state, tx, 2n * BASE - 1n).status, "succeeded");
  });

  test("a balance of exactly gasLimit x maxFee + value is enough; one wei less is not", () => {
    const maxFee = 2n * BASE;
    const value = 12345n;
    const need = 21_000n * maxFee + value;
    const tx = signWith(
      alice,
      transferFields({ to: bob.address, value, maxPriorityFeePerGas: 0n, maxFeePerGas: maxFee }),
    );
    assertInvalid(fundedState([[alice.address, need - 1n]]), tx, "insufficient-funds");
    const state = fundedState([[alice.address, need]]);
    assert.equal(apply(state, tx).status, "succeeded");
    // Charged at the base fee (tip 0), not at maxFee: the difference stays with the sender.
    assert.equal(state.peekAccount(alice.address).balance, need - value - 21_000n * BASE);
  });

  test("a self-transfer costs only the fee", () => {
    const state = fundedState([[alice.address, ONE_ETH]]);
    apply(state, signWith(alice, transferFields({ to: alice.address, value: ONE_ETH / 2n })));
    assert.equal(state.peekAccount(alice.address).balance, ONE_ETH - 21_000n * (BASE + BASE));
    assert.equal(state.peekAccount(alice.address).nonce, 1n);
  });

  test("a transfer to the fee vault credits value and fee to it", () => {
    const state = fundedState([[alice.address, ONE_ETH]]);
    const outcome = apply(state, signWith(alice, transferFields({ to: TEST_FEE_VAULT, value: 7n })));
    assert.equal(outcome.status, "succeeded");
    assert.equal(state.peekAccount(TEST_FEE_VAULT).balance, 7n + 21_000n * 2n * BASE);
  });

  test("a zero-value transfer still creates the recipient's account", () => {
    const state = fundedState([[alice.address, ONE_ETH]]);
    apply(state, signWith(alice, transferFields({ to: bob.address, value: 0n })));
    assert.equal(state.tree.get(accountKey(bob.address)) !== undefined, true);
    assert.equal(state.peekAccount(bob.address).index, 3n);
  });

  test("maximum values: an unpayable value and an exhausted nonce are invalid", () => {
    const state = fundedState([[alice.address, ONE_ETH]]);
    const max256 = (1n << 256n) - 1n;
    assertInvalid(
      state,
      signWith(alice, transferFields({ to: bob.address, value: max256 })),
      "insufficient-funds",
    );
    const huge = signWith(
      alice,
      transferFields({ to: bob.address, gasLimit: (1n << 64n) - 1n, maxFeePerGas: max256 }),
    );
    assertInvalid(state, huge, "insufficient-funds");
    const exhausted = fundedState([[alice.address, ONE_ETH]]);
    exhausted.writeAccount(alice.address, { ...exhausted.peekAccount(alice.address), nonce: MAX_NONCE });
    assertInvalid(
      exhausted,
      signWith(alice, transferFields({ to: bob.address, nonce: MAX_NONCE })),
      "nonce-exhausted",
    );
  });

  test("gas limit below the required gas and tip above max fee are invalid", () => {
    const state = fundedState([[alice.address, ONE_ETH]]);
    assertInvalid(
      state,
      signWith(alice, transferFields({ to: bob.address, gasLimit: 20_999n })),
      "gas-limit-too-low",
    );
    const withData = transferFields({
      to: bob.address,
      gasLimit: 21_000n + 16n * 3n - 1n,
      data: new Uint8Array([1, 2, 3]),
    });
    assertInvalid(state, signWith(alice, withData), "gas-limit-too-low");
    const tipTooHigh = transferFields({
      to: bob.address,
      maxPriorityFeePerGas: 5n * BASE,
      maxFeePerGas: 4n * BASE,
    });
    assertInvalid(state, signWith(alice, tipTooHigh), "tip-above-max-fee");
  });

  test("bad signatures are invalid: r = 0, s = 0, high s, r >= n, and an unfunded signer", () => {
    const state = fundedState([[alice.address, ONE_ETH]]);
    const good = signWith(alice, transferFields({ to: bob.address }));
    assertInvalid(state, { ...good, r: 0n }, "bad-signature");
    assertInvalid(state, { ...good, s: 0n }, "bad-signature");
    assertInvalid(
      state,
      { ...good, s: SECP256K1_N - good.s, yParity: good.yParity === 0 ? 1 : 0 },
      "bad-signature",
    );
    assertInvalid(state, { ...good, r: SECP256K1_N }, "bad-signature");
    // A signature by a key with no funds recovers that key, which cannot pay.
    assertInvalid(state, signWith(bob, transferFields({ to: alice.address })), "insufficient-funds");
  });

  test("data sent to a plain address fails: nonce and fee charged, no value moved", () => {
    const state = fundedState([[alice.address, ONE_ETH]]);
    const tx = signWith(
      alice,
      transferFields({ to: bob.address, value: 5n, gasLimit: 30_000n, data: new Uint8Array([0xde, 0xad]) }),
    );
    const outcome = apply(state, tx);
    assert.equal(outcome.status, "failed");
    assert.equal(outcome.status === "failed" && outcome.failure, "data-to-plain-address");
    assert.equal(outcome.status === "failed" && outcome.gasUsed, 21_032n);
    assert.deepEqual(state.peekAccount(alice.address), {
      balance: ONE_ETH - 21_032n * 2n * BASE,
      nonce: 1n,
      index: 1n,
    });
    assert.equal(state.tree.get(accountKey(bob.address)), undefined);
  });

  test("legacy EIP-155 transactions pay their gas price", () => {
    const state = fundedState([[alice.address, ONE_ETH]]);
    const fields = transferFields({
      to: bob.address,
      type: 0,
      maxPriorityFeePerGas: 3n * BASE,
      maxFeePerGas: 3n * BASE,
      value: 1n,
    });
    const outcome = apply(state, signWith(alice, fields));
    assert.equal(outcome.status === "succeeded" && outcome.effectiveGasPrice, 3n * BASE);
  });
});

describe("ETH withdrawals", () => {
  test("a withdrawal appends a leaf to the withdrawals tree and emits WithdrawalInitiated", () => {
    const state = fundedState([[alice.address, ONE_ETH]]);
    const tx = signWith(
      alice,
      transferFields({ to: L2_BRIDGE_ADDRESS, value: ONE_ETH / 4n, gasLimit: GAS_WITHDRAWAL }),
    );
    const outcome = apply(state, tx);
    assert.equal(outcome.status, "succeeded");
    assert.equal(state.withdrawals.count, 1n);
    assert.deepEqual(outcome.status === "succeeded" && outcome.withdrawal, {
      index: 0n,
      l2Sender: alice.address,
      l1Recipient: alice.address,
      l1Token: "0x0000000000000000000000000000000000000000",
      amount: ONE_ETH / 4n,
    });
    assert.equal(outcome.status === "succeeded" && outcome.logs[0]?.topics[0], WITHDRAWAL_INITIATED_TOPIC);
    assert.equal(
      state.peekAccount(alice.address).balance,
      ONE_ETH - ONE_ETH / 4n - GAS_WITHDRAWAL * 2n * BASE,
    );
    assert.equal(state.peekAccount(L2_BRIDGE_ADDRESS).index, 0n, "the bridge address gets no account");
  });

  test("a zero-value withdrawal fails and appends nothing", () => {
    const state = fundedState([[alice.address, ONE_ETH]]);
    const outcome = apply(
      state,
      signWith(alice, transferFields({ to: L2_BRIDGE_ADDRESS, value: 0n, gasLimit: GAS_WITHDRAWAL })),
    );
    assert.equal(outcome.status === "failed" && outcome.failure, "zero-withdrawal");
    assert.equal(state.withdrawals.count, 0n);
    assert.equal(state.peekAccount(alice.address).nonce, 1n);
  });

  test("a withdrawal needs 50,000 gas", () => {
    const state = fundedState([[alice.address, ONE_ETH]]);
    assertInvalid(
      state,
      signWith(alice, transferFields({ to: L2_BRIDGE_ADDRESS, value: 1n, gasLimit: 21_000n })),
      "gas-limit-too-low",
    );
  });
});

describe("bridged tokens", () => {
  const l1Token: Address = "0x00000000000000000000000000000000000070c1";
  const token = l2TokenAddress(l1Token);

  function tokenState(amount: bigint): L2State {
    const state = fundedState([[alice.address, ONE_ETH]]);
    applyQueueEntry(state, erc20Deposit(state.queueApplied, alice.address, l1Token, amount), TEST_CONFIG);
    return state;
  }

  function tokenCall(data: Uint8Array, nonce = 0n, value = 0n) {
    return signWith(
      alice,
      transferFields({ to: token, data, nonce, value, gasLimit: GAS_TOKEN_CALL + 16n * BigInt(data.length) }),
    );
  }

  test("the token address has the protocol prefix", () => {
    assert.match(token, /^0x4a1c7070[0-9a-f]{32}$/);
  });

  test("transfer moves the balance and logs Transfer", () => {
    const state = tokenState(1000n);
    const outcome = apply(state, tokenCall(transferCalldata(bob.address, 300n)));
    assert.equal(outcome.status, "succeeded");
    assert.equal(state.peekWord(state.tokenBalanceKey(token, alice.address)), 700n);
    assert.equal(state.peekWord(state.tokenBalanceKey(token, bob.address)), 300n);
    assert.equal(state.peekAccount(bob.address).index > 0n, true, "the recipient gets an account index");
    const log = outcome.status === "succeeded" ? outcome.logs[0] : undefined;
    assert.equal(log?.address, token);
    assert.equal(log?.topics[0], TRANSFER_TOPIC);
  });

  test("transfer of more than the balance fails; the fee is still charged", () => {
    const state = tokenState(1000n);
    const outcome = apply(state, tokenCall(transferCalldata(bob.address, 1001n)));
    assert.equal(outcome.status === "failed" && outcome.failure, "insufficient-token-balance");
    assert.equal(state.peekWord(state.tokenBalanceKey(token, alice.address)), 1000n);
    assert.equal(state.peekAccount(alice.address).nonce, 1n);
  });

  test("an unknown call on a token fails", () => {
    const state = tokenState(1000n);
    const outcome = apply(state, tokenCall(hexToBytes("0x095ea7b3")));
    assert.equal(outcome.status === "failed" && outcome.failure, "unknown-token-call");
    const dirty = transferCalldata(bob.address, 1n);
    dirty[4] = 1; // a non-zero byte above the address in its ABI word
    assert.equal(apply(state, tokenCall(dirty, 1n)).status, "failed");
  });

  test("ETH value sent to a token fails", () => {
    const state = tokenState(1000n);
    const outcome = apply(state, tokenCall(transferCalldata(bob.address, 1n), 0n, 1n));
    assert.equal(outcome.status === "failed" && outcome.failure, "value-to-token");
    assert.equal(state.peekAccount(alice.address).balance < ONE_ETH, true);
  });

  test("withdraw burns, lowers the supply and appends a withdrawal of the L1 token", () => {
    const state = tokenState(1000n);
    const outcome = apply(state, tokenCall(withdrawCalldata(400n)));
    assert.equal(outcome.status, "succeeded");
    assert.equal(state.peekWord(state.tokenBalanceKey(token, alice.address)), 600n);
    assert.equal(state.peekWord(state.tokenSupplyKey(token)), 600n);
    assert.equal(outcome.status === "succeeded" && outcome.withdrawal?.l1Token, l1Token);
  });

  test("withdraw of zero and of an unregistered token fail", () => {
    const state = tokenState(1000n);
    assert.equal(apply(state, tokenCall(withdrawCalldata(0n))).status, "failed");
    const other = signWith(
      alice,
      transferFields({
        to: l2TokenAddress(bob.address),
        nonce: 1n,
        data: withdrawCalldata(1n),
        gasLimit: 50_000n,
      }),
    );
    const outcome = apply(state, other);
    assert.equal(outcome.status === "failed" && outcome.failure, "token-not-registered");
  });
});

describe("forced transactions", () => {
  test("an invalid forced transaction is a no-op that still consumes its queue entry", () => {
    const state = fundedState([[alice.address, ONE_ETH]]);
    const tx = signWith(alice, transferFields({ to: bob.address, nonce: 9n }));
    const before = state.tree.root();
    const result = applyQueueEntry(
      state,
      { kind: "forced-transaction", queueIndex: 1n, from: alice.address, l1Timestamp: 1n, tx },
      TEST_CONFIG,
    );
    assert.deepEqual(result, {
      kind: "forced-transaction",
      outcome: { status: "invalid", reason: "nonce-mismatch" },
    });
    assert.deepEqual(state.tree.root(), before);
    assert.equal(state.queueApplied, 2n);
  });

  test("a forced transaction pays MIN_BASE_FEE + tip whatever the block's base fee", () => {
    const state = fundedState([[alice.address, ONE_ETH]]);
    const tx = signWith(
      alice,
      transferFields({ to: bob.address, maxPriorityFeePerGas: 0n, maxFeePerGas: BASE }),
    );
    const result = applyQueueEntry(
      state,
      { kind: "forced-transaction", queueIndex: 1n, from: alice.address, l1Timestamp: 1n, tx },
      TEST_CONFIG,
    );
    assert.equal(result.kind === "forced-transaction" && result.outcome.status, "succeeded");
  });
});
