// queueEntryOfEvent against a real Bridge (deployed by deployHalcyon on Hardhat): every entry it rebuilds
// from an event hashes to what the Bridge stored for it, and a forced transaction the protocol's decoder
// refuses (which the Bridge would never have queued) is reported, not guessed at.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  bytesToHex,
  hexToBytes,
  type QueueEntry,
  queueEntryHash,
  TransactionDecodeError,
} from "@halcyon/protocol";
import { network } from "hardhat";
import { type Hex, parseEventLogs } from "viem";
import { GWEI, TEST_CONFIG, testWallet, transferFields } from "../../../protocol/src/testing/fixtures.ts";
import { signTransactionForTest } from "../../../protocol/src/tx/testing.ts";
import { createHalcyonL1, send, type Wallet } from "../../../../scripts/lib/harness/l1.ts";
import { bridgeAbi } from "./abis.ts";
import {
  type BridgeQueueEvent,
  ForcedTransactionDecodeError,
  isBridgeQueueEvent,
  queueEntryOfEvent,
} from "./queueEntryOfEvent.ts";

const { viem } = await network.create();
const l1 = await createHalcyonL1(viem, { l2ChainId: TEST_CONFIG.chainId, feeVault: TEST_CONFIG.feeVault });
const [depositor] = l1.others as [Wallet];
const alice = testWallet(1);
const bob = testWallet(2);
const chainId = l1.parameters.l2ChainId;

async function queueEvents(): Promise<BridgeQueueEvent[]> {
  const logs = await l1.publicClient.getLogs({
    address: l1.deployment.addresses.bridge,
    fromBlock: l1.deployment.deployBlock,
  });
  return parseEventLogs({ abi: bridgeAbi, logs }).filter(isBridgeQueueEvent);
}

function storedHash(queueIndex: bigint): Promise<Hex> {
  return l1.publicClient.readContract({
    address: l1.deployment.addresses.bridge,
    abi: bridgeAbi,
    functionName: "queueEntry",
    args: [queueIndex],
  });
}

// One of each kind of entry, from real transactions: an ETH deposit, an ERC-20 deposit of a token that
// takes a fee on transfer (the entry holds what reached the Bridge), and two forced transactions
// (EIP-1559 and legacy EIP-155). The events carry checksummed (mixed-case) addresses.
await send(l1, l1.bridge(depositor).write.depositETH([alice.address], { value: 3n * 10n ** 18n }));
const token = await viem.deployContract("TestToken", ["Token", "TOK"]);
await send(l1, token.write.mint!([depositor.account.address, 1_000_000n]));
await send(l1, token.write.setFeeBps!([100n]));
await send(
  l1,
  viem
    .getContractAt("TestToken", token.address, { client: { wallet: depositor } })
    .then((t) => t.write.approve!([l1.deployment.addresses.bridge, 10_000n])),
);
await send(l1, l1.bridge(depositor).write.depositERC20([token.address, bob.address, 10_000n]));
const forced1559 = signTransactionForTest(
  transferFields({ to: bob.address, value: 5n, nonce: 0n }),
  alice.privateKey,
);
const forcedLegacy = signTransactionForTest(
  {
    ...transferFields({ to: alice.address, value: 7n, nonce: 3n }),
    type: 0,
    maxPriorityFeePerGas: 2n * GWEI,
    maxFeePerGas: 2n * GWEI,
    data: Uint8Array.of(1, 2, 3),
  },
  bob.privateKey,
);
for (const { raw } of [forced1559, forcedLegacy]) {
  await send(l1, l1.bridge(depositor).write.forceTransaction([bytesToHex(raw)]));
}

describe("queueEntryOfEvent", () => {
  it("rebuilds each kind of entry to the hash the Bridge stored for it", async () => {
    const events = await queueEvents();
    assert.deepEqual(
      events.map((e) => [e.args.queueIndex, e.eventName]),
      [
        [0n, "ETHDeposited"],
        [1n, "ERC20Deposited"],
        [2n, "TransactionForced"],
        [3n, "TransactionForced"],
      ],
    );
    const decoded = events.map((e) => queueEntryOfEvent(e, chainId));
    for (const { entry } of decoded) {
      assert.equal(bytesToHex(queueEntryHash(entry)), await storedHash(entry.queueIndex));
    }
    const from = depositor.account.address.toLowerCase();
    const [eth, erc20, tx1559, txLegacy] = decoded.map((d) => d.entry) as [
      QueueEntry,
      QueueEntry,
      QueueEntry,
      QueueEntry,
    ];
    const l1Timestamp = eth.l1Timestamp;
    assert.ok(l1Timestamp > 0n);
    assert.deepEqual(eth, {
      kind: "eth-deposit",
      queueIndex: 0n,
      from,
      to: alice.address,
      amount: 3n * 10n ** 18n,
      l1Timestamp,
    });
    assert.deepEqual(erc20, {
      kind: "erc20-deposit",
      queueIndex: 1n,
      from,
      to: bob.address,
      l1Token: token.address.toLowerCase(),
      amount: 9_900n,
      l1Timestamp: erc20.l1Timestamp,
    });
    // The entry carries the signed fields only (what its hash commits to), and the raw bytes beside it.
    const { hash: _1, ...fields1559 } = forced1559.tx;
    assert.deepEqual(tx1559, {
      kind: "forced-transaction",
      queueIndex: 2n,
      from,
      tx: fields1559,
      l1Timestamp: tx1559.l1Timestamp,
    });
    assert.deepEqual(decoded[2]!.rawTransaction, forced1559.raw);
    const { hash: _2, ...fieldsLegacy } = forcedLegacy.tx;
    assert.ok(txLegacy.kind === "forced-transaction");
    assert.deepEqual(txLegacy.tx, fieldsLegacy);
    assert.deepEqual(decoded[3]!.rawTransaction, forcedLegacy.raw);
    assert.equal(decoded[0]!.rawTransaction, undefined);
    assert.equal(decoded[1]!.rawTransaction, undefined);
  });

  it("a changed field no longer matches the Bridge's hash", async () => {
    const [event] = await queueEvents();
    assert.ok(event?.eventName === "ETHDeposited");
    const { entry } = queueEntryOfEvent(
      { ...event, args: { ...event.args, amount: event.args.amount - 1n } },
      chainId,
    );
    assert.notEqual(bytesToHex(queueEntryHash(entry)), await storedHash(0n));
  });

  it("refuses a forced transaction that the protocol's decoder refuses, with the reason", async () => {
    const events = await queueEvents();
    const forced = events[2];
    assert.ok(forced?.eventName === "TransactionForced");
    // Signed for another chain, and cut short: neither reaches a node from the real Bridge.
    const cases: [Hex, string][] = [
      [bytesToHex(forced1559.raw.subarray(0, forced1559.raw.length - 1)), "malformed-rlp"],
      [
        bytesToHex(
          signTransactionForTest(transferFields({ to: bob.address, chainId: chainId + 1n }), alice.privateKey)
            .raw,
        ),
        "wrong-chain-id",
      ],
    ];
    for (const [rawTransaction, reason] of cases) {
      assert.throws(
        () => queueEntryOfEvent({ ...forced, args: { ...forced.args, rawTransaction } }, chainId),
        (error: unknown) => {
          assert.ok(error instanceof ForcedTransactionDecodeError);
          assert.equal(error.message, "forced transaction 2 does not decode");
          assert.equal(error.details.queueIndex, 2n);
          assert.equal(error.details.reason, reason);
          assert.ok(error.cause instanceof TransactionDecodeError);
          return true;
        },
      );
    }
    // The same bytes decode under the chain id they were signed for: the chain id is checked.
    assert.doesNotThrow(() => queueEntryOfEvent(forced, chainId));
    assert.deepEqual(hexToBytes(forced.args.rawTransaction), forced1559.raw);
  });

  it("isBridgeQueueEvent keeps only the three queue events", async () => {
    const kinds = ["ETHDeposited", "ERC20Deposited", "TransactionForced", "WithdrawalFinalized", "Other"];
    assert.deepEqual(
      kinds.filter((eventName) => isBridgeQueueEvent({ eventName })),
      ["ETHDeposited", "ERC20Deposited", "TransactionForced"],
    );
    assert.equal((await queueEvents()).length, 4);
  });
});
