import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { bridgeAbi, createL1Clients, type L1PublicClient, testTokenAbi } from "@halcyon/node-common";
import { type Address, bytesToHex, queueEntryHash } from "@halcyon/protocol";

import { testWallet, transferFields } from "../../../packages/protocol/src/testing/fixtures.ts";
import { signTransactionForTest } from "../../../packages/protocol/src/tx/testing.ts";
import { readArtifact } from "../../../scripts/lib/artifacts.ts";
import { CriticalError } from "../errors.ts";
import { ETHER, startTestL1, type TestL1 } from "../testing/testL1.ts";
import { type BridgeLog, isBridgeLog, L1Retrieval } from "./l1Retrieval.ts";
import { L1Traversal } from "./l1Traversal.ts";
import { QueueEntryStage } from "./queueEntries.ts";

let l1: TestL1;
let client: L1PublicClient;

before(async () => {
  l1 = await startTestL1();
  client = createL1Clients({ rpcUrl: l1.url }).publicClient;
});
after(() => l1?.close());

function bridgeWrite(
  functionName: "depositETH" | "depositERC20" | "forceTransaction",
  args: readonly unknown[],
  value = 0n,
) {
  return l1.send(
    l1.depositor.writeContract({
      address: l1.deployment.addresses.bridge,
      abi: bridgeAbi,
      functionName,
      args: args as never,
      value,
    } as never),
  );
}

async function bridgeLogs(): Promise<BridgeLog[]> {
  const traversal = new L1Traversal(
    { client, confirmations: 0, maxBlockRange: 1000 },
    { number: 0n, hash: "0x00" },
  );
  const retrieval = new L1Retrieval({ client, addresses: l1.deployment.addresses, traversal });
  const head = await client.getBlockNumber({ cacheTime: 0 });
  const { logs } = await retrieval.fetchLogs(l1.deployment.deployBlock, head);
  return logs.filter(isBridgeLog);
}

describe("QueueEntryStage", () => {
  test("checks ETH, ERC-20 and forced-transaction entries against the Bridge's stored hashes", async () => {
    const alice = testWallet(1).address;
    await bridgeWrite("depositETH", [alice], 3n * ETHER);

    // A fee-on-transfer token: the entry's amount is what reached the Bridge.
    const artifact = readArtifact("TestToken");
    const deployed = await l1.send(
      l1.depositor.deployContract({ abi: artifact.abi, bytecode: artifact.bytecode, args: ["Token", "TOK"] }),
    );
    const token = deployed.contractAddress! as Address;
    const tokenWrite = (functionName: "mint" | "setFeeBps" | "approve", args: readonly unknown[]) =>
      l1.send(l1.depositor.writeContract({ address: token, abi: testTokenAbi, functionName, args } as never));
    await tokenWrite("mint", [l1.depositor.account.address, 1_000_000n]);
    await tokenWrite("setFeeBps", [100n]);
    await tokenWrite("approve", [l1.deployment.addresses.bridge, 1_000_000n]);
    await bridgeWrite("depositERC20", [token, alice, 10_000n]);

    const { raw } = signTransactionForTest(
      transferFields({ to: testWallet(2).address, value: 5n, nonce: 0n }),
      testWallet(1).privateKey,
    );
    await bridgeWrite("forceTransaction", [bytesToHex(raw)]);

    const logs = await bridgeLogs();
    const stage = new QueueEntryStage({
      client,
      bridge: l1.deployment.addresses.bridge as Address,
      chainId: l1.deployment.parameters.l2ChainId,
    });
    const derived = await stage.nextEntries(logs);
    assert.deepEqual(
      derived.map((d) => [d.entry.queueIndex, d.entry.kind]),
      [
        [0n, "eth-deposit"],
        [1n, "erc20-deposit"],
        [2n, "forced-transaction"],
      ],
    );
    // How each event becomes an entry is node-common's queueEntryOfEvent (tested there); the stage keeps
    // the forced transaction's raw bytes and the hash it checked against the Bridge.
    assert.deepEqual(derived[2]!.rawTransaction, raw);
    for (const d of derived) assert.equal(bytesToHex(d.entryHash), bytesToHex(queueEntryHash(d.entry)));
  });

  test("an entry that does not rebuild to the Bridge's hash is critical", async () => {
    const [log] = await bridgeLogs();
    assert.ok(log?.eventName === "ETHDeposited");
    const tampered = { ...log, args: { ...log.args, amount: log.args.amount + 1n } } as BridgeLog;
    const stage = new QueueEntryStage({
      client,
      bridge: l1.deployment.addresses.bridge as Address,
      chainId: l1.deployment.parameters.l2ChainId,
    });
    await assert.rejects(stage.nextEntries([tampered]), (error: unknown) => {
      assert.ok(error instanceof CriticalError);
      assert.match(error.message, /does not match the Bridge's stored hash/);
      return true;
    });
  });

  test("a forced transaction the protocol's decoder refuses is critical, with its reason and L1 block", async () => {
    const forced = (await bridgeLogs()).find((log) => log.eventName === "TransactionForced");
    assert.ok(forced?.eventName === "TransactionForced");
    const cut = forced.args.rawTransaction.slice(0, -2) as `0x${string}`;
    const tampered = { ...forced, args: { ...forced.args, rawTransaction: cut } } as BridgeLog;
    const stage = new QueueEntryStage({
      client,
      bridge: l1.deployment.addresses.bridge as Address,
      chainId: l1.deployment.parameters.l2ChainId,
    });
    await assert.rejects(stage.nextEntries([tampered]), (error: unknown) => {
      assert.ok(error instanceof CriticalError);
      assert.match(error.message, /the protocol decoder refuses/);
      assert.equal(error.details.reason, "malformed-rlp");
      assert.equal(error.details.queueIndex, forced.args.queueIndex);
      assert.equal(error.details.l1Block, forced.blockNumber);
      return true;
    });
  });
});
