import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createL1Clients, type L1PublicClient, rollupAbi, testAccountAbi } from "@halcyon/node-common";
import { bytesToHex } from "@halcyon/protocol";
import { type Address, encodeFunctionData } from "viem";
import { readArtifact } from "../../../scripts/lib/artifacts.ts";
import { ETHER, startTestL1, type TestL1 } from "../testing/testL1.ts";
import { TestProposer } from "../testing/testProposer.ts";
import { BatchDataStage } from "./batchData.ts";
import { type BatchAppendedLog, L1Retrieval } from "./l1Retrieval.ts";
import { L1Traversal } from "./l1Traversal.ts";

// The Rollup's sequencer here is a contract (TestAccount, which forwards calls): the appendBatch calls
// are inner calls, invisible in the transactions' input, and the stage finds them with a call trace.

let l1: TestL1;
let client: L1PublicClient;
let forwarder: Address;

before(async () => {
  l1 = await startTestL1({
    prepare: async ({ publicClient, depositor }) => {
      const artifact = readArtifact("TestAccount");
      const hash = await depositor.deployContract({ abi: artifact.abi, bytecode: artifact.bytecode });
      forwarder = (await publicClient.waitForTransactionReceipt({ hash })).contractAddress!;
      return { sequencer: forwarder };
    },
  });
  client = createL1Clients({ rpcUrl: l1.url }).publicClient;
  const rollup = l1.deployment.addresses.rollup;
  await l1.send(
    l1.sequencer.writeContract({
      address: forwarder,
      abi: testAccountAbi,
      functionName: "execute",
      args: [rollup, encodeFunctionData({ abi: rollupAbi, functionName: "depositBond" })],
      value: l1.deployment.parameters.proposerBond,
    }),
  );
});
after(() => l1?.close());

async function appendedLogs(): Promise<BatchAppendedLog[]> {
  const traversal = new L1Traversal(
    { client, confirmations: 0, maxBlockRange: 1000 },
    { number: 0n, hash: "0x00" },
  );
  const retrieval = new L1Retrieval({ client, addresses: l1.deployment.addresses, traversal });
  const head = await client.getBlockNumber({ cacheTime: 0 });
  const { logs } = await retrieval.fetchLogs(l1.deployment.deployBlock, head);
  return logs.filter((log): log is BatchAppendedLog => log.eventName === "BatchAppended");
}

describe("BatchDataStage", () => {
  test("rebuilds batches appended through a contract from the call trace, and checks them", async () => {
    const proposer = new TestProposer(l1);
    await proposer.depositEth(0, 5n * ETHER);
    const one = await proposer.append([{ txs: [proposer.transfer(0, 1, 10n)] }], { via: forwarder });
    const two = await proposer.append(
      [{ txs: [proposer.transfer(0, 2, 20n), proposer.transfer(1, 0, 1n)] }],
      {
        via: forwarder,
      },
    );
    const stage = new BatchDataStage({
      client,
      rollup: l1.deployment.addresses.rollup,
      genesis: l1.deployment.genesis,
    });
    const batches = await stage.nextBatches(await appendedLogs());
    assert.deepEqual(
      batches.map((b) => b.record.index),
      [0n, 1n, 2n],
    );
    assert.equal(batches[0]!.data.length, 0, "genesis has no data");
    assert.equal(bytesToHex(batches[1]!.data), bytesToHex(one.data));
    assert.equal(bytesToHex(batches[2]!.data), bytesToHex(two.data));
    assert.equal(batches[2]!.recordHash, two.recordHash);
    assert.equal(batches[2]!.header.accountCount, two.header.accountCount);
  });
});
