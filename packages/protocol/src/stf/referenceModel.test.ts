import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import type { Address } from "../bytes.ts";
import { L2_BRIDGE_ADDRESS, MIN_BASE_FEE } from "../constants.ts";
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
import { applyQueueEntry } from "./applyQueueEntry.ts";
import { applyTransaction } from "./applyTransaction.ts";
import { recoverTxSender } from "./recoverTxSender.ts";

// The state transition against a deliberately naive reference model of docs/protocol.md §3: plain
// maps of balances and nonces, the rules written out again in the most direct way. Random sequences
// of transactions must leave both with the same balances, nonces, outcomes and withdrawals.

const WALLETS = 5;
const L1_TOKEN: Address = "0x00000000000000000000000000000000000070c1";
const TOKEN = l2TokenAddress(L1_TOKEN);

type Model = {
  eth: Map<Address, bigint>;
  nonce: Map<Address, bigint>;
  token: Map<Address, bigint>;
  supply: bigint;
  withdrawals: { sender: Address; token: Address; amount: bigint }[];
};

type Action = {
  from: number;
  to: number;
  kind: "eth" | "withdraw" | "token" | "tokenWithdraw" | "data";
  amount: bigint;
  nonceDelta: number;
  maxFee: bigint;
  tip: bigint;
  gasLimit: bigint;
};

function modelApply(
  m: Model,
  sender: Address,
  a: Action,
  to: Address,
  base: bigint,
): "invalid" | "failed" | "succeeded" {
  const dataLength = a.kind === "token" ? 68 : a.kind === "tokenWithdraw" ? 36 : a.kind === "data" ? 3 : 0;
  const target =
    a.kind === "withdraw" ? L2_BRIDGE_ADDRESS : a.kind === "token" || a.kind === "tokenWithdraw" ? TOKEN : to;
  const gas = BigInt(
    (target === L2_BRIDGE_ADDRESS ? 50_000 : target === TOKEN ? 45_000 : 21_000) + 16 * dataLength,
  );
  const value = a.kind === "eth" || a.kind === "withdraw" || a.kind === "data" ? a.amount : 0n;
  const balance = m.eth.get(sender) ?? 0n;
  const nonce = m.nonce.get(sender) ?? 0n;
  const txNonce = nonce + BigInt(a.nonceDelta);
  if (
    txNonce !== nonce ||
    a.gasLimit < gas ||
    a.tip > a.maxFee ||
    a.maxFee < base ||
    a.gasLimit * a.maxFee + value > balance
  )
    return "invalid";
  const price = a.maxFee < base + a.tip ? a.maxFee : base + a.tip;
  const fee = gas * price;
  m.nonce.set(sender, nonce + 1n);
  m.eth.set(sender, balance - fee);
  m.eth.set(TEST_FEE_VAULT, (m.eth.get(TEST_FEE_VAULT) ?? 0n) + fee);
  switch (a.kind) {
    case "eth":
      m.eth.set(sender, m.eth.get(sender)! - value);
      m.eth.set(to, (m.eth.get(to) ?? 0n) + value);
      return "succeeded";
    case "data":
      return "failed";
    case "withdraw":
      if (value === 0n) return "failed";
      m.eth.set(sender, m.eth.get(sender)! - value);
      m.withdrawals.push({ sender, token: "0x0000000000000000000000000000000000000000", amount: value });
      return "succeeded";
    case "token": {
      const have = m.token.get(sender) ?? 0n;
      if (have < a.amount) return "failed";
      m.token.set(sender, have - a.amount);
      m.token.set(to, (m.token.get(to) ?? 0n) + a.amount);
      return "succeeded";
    }
    case "tokenWithdraw": {
      const have = m.token.get(sender) ?? 0n;
      if (a.amount === 0n || have < a.amount) return "failed";
      m.token.set(sender, have - a.amount);
      m.supply -= a.amount;
      m.withdrawals.push({ sender, token: L1_TOKEN, amount: a.amount });
      return "succeeded";
    }
  }
}

function word(v: bigint): string {
  return v.toString(16).padStart(64, "0");
}

function dataOf(a: Action, to: Address): Uint8Array {
  if (a.kind === "token") return Buffer.from(`a9059cbb${word(BigInt(to))}${word(a.amount)}`, "hex");
  if (a.kind === "tokenWithdraw") return Buffer.from(`2e1a7d4d${word(a.amount)}`, "hex");
  if (a.kind === "data") return new Uint8Array([7, 8, 9]);
  return new Uint8Array(0);
}

const actionArb: fc.Arbitrary<Action> = fc.record({
  from: fc.integer({ min: 0, max: WALLETS - 1 }),
  to: fc.integer({ min: 0, max: WALLETS + 2 }),
  kind: fc.constantFrom("eth", "eth", "eth", "withdraw", "token", "tokenWithdraw", "data"),
  amount: fc.oneof(fc.bigInt({ min: 0n, max: 3n * ONE_ETH }), fc.constantFrom(0n, 1n, ONE_ETH)),
  nonceDelta: fc.constantFrom(0, 0, 0, 0, -1, 1),
  maxFee: fc.constantFrom(MIN_BASE_FEE - 1n, MIN_BASE_FEE, 2n * GWEI, 10n ** 15n),
  tip: fc.constantFrom(0n, GWEI, 3n * GWEI),
  gasLimit: fc.constantFrom(21_000n, 50_000n, 60_000n, 5_000_000n),
});

test("the state transition agrees with a naive reference model", () => {
  fc.assert(
    fc.property(
      fc.array(actionArb, { minLength: 1, maxLength: 40 }),
      fc.constantFrom(MIN_BASE_FEE, GWEI),
      (actions, base) => {
        const wallets = Array.from({ length: WALLETS + 3 }, (_, i) => testWallet(i).address);
        const state = fundedState(wallets.slice(0, WALLETS).map((a) => [a, 2n * ONE_ETH] as const));
        applyQueueEntry(
          state,
          erc20Deposit(state.queueApplied, wallets[0]!, L1_TOKEN, 5n * ONE_ETH),
          TEST_CONFIG,
        );
        const model: Model = {
          eth: new Map(wallets.slice(0, WALLETS).map((a) => [a, 2n * ONE_ETH])),
          nonce: new Map(),
          token: new Map([[wallets[0]!, 5n * ONE_ETH]]),
          supply: 5n * ONE_ETH,
          withdrawals: [],
        };
        for (const a of actions) {
          const sender = wallets[a.from]!;
          const to = wallets[a.to]!;
          const target =
            a.kind === "withdraw"
              ? L2_BRIDGE_ADDRESS
              : a.kind === "token" || a.kind === "tokenWithdraw"
                ? TOKEN
                : to;
          const nonce = (model.nonce.get(sender) ?? 0n) + BigInt(a.nonceDelta);
          if (nonce < 0n) continue;
          const value = a.kind === "eth" || a.kind === "withdraw" || a.kind === "data" ? a.amount : 0n;
          const tx = signWith(
            testWallet(a.from),
            transferFields({
              to: target,
              nonce,
              value,
              data: dataOf(a, to),
              maxFeePerGas: a.maxFee,
              maxPriorityFeePerGas: a.tip,
              gasLimit: a.gasLimit,
            }),
          );
          const expected = modelApply(model, sender, a, to, base);
          const outcome = applyTransaction(state, tx, recoverTxSender(tx), base, TEST_CONFIG);
          assert.equal(outcome.status, expected, `${a.kind} from ${a.from}`);
        }
        for (const address of [...wallets, TEST_FEE_VAULT]) {
          const account = state.peekAccount(address);
          assert.equal(account.balance, model.eth.get(address) ?? 0n, `ETH of ${address}`);
          assert.equal(account.nonce, model.nonce.get(address) ?? 0n, `nonce of ${address}`);
          assert.equal(state.peekWord(state.tokenBalanceKey(TOKEN, address)), model.token.get(address) ?? 0n);
        }
        assert.equal(state.peekWord(state.tokenSupplyKey(TOKEN)), model.supply);
        assert.equal(state.withdrawals.count, BigInt(model.withdrawals.length));
      },
    ),
    { numRuns: 60, seed: 7 },
  );
});
