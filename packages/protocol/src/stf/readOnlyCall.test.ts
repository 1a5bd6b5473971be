import assert from "node:assert/strict";
import { test } from "node:test";
import { type Address, hexToBytes } from "../bytes.ts";
import { erc20Deposit, fundedState, TEST_CONFIG, testWallet } from "../testing/fixtures.ts";
import { l2TokenAddress } from "../tokenAddress.ts";
import { applyQueueEntry } from "./applyQueueEntry.ts";
import { readOnlyCall } from "./readOnlyCall.ts";

const L1_TOKEN: Address = "0x00000000000000000000000000000000000070c1";
const token = l2TokenAddress(L1_TOKEN);
const alice = testWallet(1).address;

function balanceOfData(owner: Address): Uint8Array {
  return hexToBytes(`0x70a08231${owner.slice(2).padStart(64, "0")}`);
}

test("balanceOf and totalSupply answer from the state; metadata is deferred to L1", () => {
  const state = fundedState([]);
  applyQueueEntry(state, erc20Deposit(0n, alice, L1_TOKEN, 1234n), TEST_CONFIG);
  const before = state.stateRoot();
  assert.deepEqual(readOnlyCall(state, token, balanceOfData(alice)), {
    kind: "value",
    data: `0x${"0".repeat(61)}4d2`,
  });
  assert.deepEqual(readOnlyCall(state, token, balanceOfData(testWallet(2).address)), {
    kind: "value",
    data: `0x${"0".repeat(64)}`,
  });
  assert.deepEqual(readOnlyCall(state, token, hexToBytes("0x18160ddd")), {
    kind: "value",
    data: `0x${"0".repeat(61)}4d2`,
  });
  assert.deepEqual(readOnlyCall(state, token, hexToBytes("0x313ce567")), {
    kind: "metadata",
    field: "decimals",
    token,
  });
  assert.deepEqual(readOnlyCall(state, token, hexToBytes("0x95d89b41")), {
    kind: "metadata",
    field: "symbol",
    token,
  });
  assert.deepEqual(state.stateRoot(), before, "a read-only call changes nothing");
});

test("unknown token calls revert; calls to plain addresses return empty data", () => {
  const state = fundedState([]);
  assert.equal(readOnlyCall(state, token, hexToBytes("0xdeadbeef")).kind, "revert");
  assert.equal(readOnlyCall(state, token, hexToBytes(`0x70a08231${"ff".repeat(32)}`)).kind, "revert");
  assert.deepEqual(readOnlyCall(state, alice, hexToBytes("0x70a08231")), { kind: "value", data: "0x" });
});
