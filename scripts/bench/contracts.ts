// Gas of Halcyon's L1 contract calls on the in-process Hardhat network, under its default hardfork and
// under Cancun (no EIP-7623 calldata floor), for comparison.
//   depositETH           a steady-state deposit (not the queue's first)
//   appendBatch          a 78,000-byte batch (1,000 transfers at 78 bytes each; random bytes, as
//                        signatures are): whole transaction gas, per transfer, and its parts
//   finalizeWithdrawal   an ETH withdrawal to an existing account, batch already final (the first in a
//                        256-index nullifier word, then a second in the same word)
//   forceTransaction, depositERC20, openGame, one bisection round: for reference
// The one-step proof is measured with the real StepVerifier elsewhere; here TestStepVerifier stands in.
// Usage: node scripts/bench/contracts.ts [--json]
import { randomBytes } from "node:crypto";
import { network } from "hardhat";
import {
  type Account,
  type Chain,
  getAddress,
  getContract,
  type Hex,
  type PublicClient,
  parseEventLogs,
  type TestClient,
  type Transport,
  toHex,
  type WalletClient,
  zeroAddress,
  zeroHash,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import {
  bridgeAbi,
  disputeGameAbi,
  rollupAbi,
  testTokenAbi,
} from "../../packages/node-common/src/l1/abis.ts";
import { WithdrawalTree, withdrawalLeafHash } from "../../packages/protocol/src/state/withdrawalTree.ts";
import { readArtifact } from "../lib/artifacts.ts";
import { deployHalcyon } from "../lib/deployHalcyon.ts";

type Wallet = WalletClient<Transport, Chain, Account>;

export const BATCH_BYTES = 78_000;
export const BATCH_TRANSFERS = 1_000;

export type GasFigures = {
  hardfork: string;
  depositETH: number;
  depositERC20: number;
  forceTransaction: number;
  appendBatch: {
    dataBytes: number;
    zeroBytes: number;
    gasUsed: number;
    perTransfer: number;
    /** 21,000 + 16 per non-zero and 4 per zero calldata byte (whole calldata, EIP-2028). */
    calldataGas: number;
    /** 21,000 + 10 x (4 per non-zero + 1 per zero byte): the EIP-7623 floor from Prague on. */
    floorGas: number;
    /** Whether the EIP-7623 floor set the gas (gasUsed == floorGas). */
    floorApplies: boolean;
    /** gasUsed - calldataGas, what the contract itself spends; null when the floor set the gas. */
    executionGas: number | null;
  };
  finalizeWithdrawal: { firstInWord: number; secondInWord: number };
  openGame: number;
  bisectionRound: number;
};

function calldataCosts(input: Hex): { zero: number; nonZero: number } {
  let zero = 0;
  for (let i = 2; i < input.length; i += 2) if (input.slice(i, i + 2) === "00") zero++;
  return { zero, nonZero: (input.length - 2) / 2 - zero };
}

/** Measures the figures on a fresh in-process network with `hardfork` (undefined: Hardhat's default). */
export async function measureGas(hardfork?: string): Promise<GasFigures> {
  const { viem } = await network.create(hardfork === undefined ? {} : { override: { hardfork } });
  const publicClient = (await viem.getPublicClient()) as unknown as PublicClient<Transport, Chain>;
  const testClient = (await viem.getTestClient()) as unknown as TestClient;
  const [deployer, sequencer, user, challenger] = (await viem.getWalletClients()) as unknown as Wallet[];
  const WINDOW = 1_000n;
  const deployment = await deployHalcyon({
    publicClient,
    walletClient: deployer!,
    parameters: { sequencer: sequencer!.account.address, challengeWindow: WINDOW },
    stepVerifier: { contract: "TestStepVerifier", args: () => [] },
  });
  const a = deployment.addresses;
  const bind = <A extends typeof rollupAbi | typeof bridgeAbi | typeof disputeGameAbi>(
    address: Hex,
    abi: A,
    w: Wallet,
  ) => getContract({ address, abi, client: { public: publicClient, wallet: w } });
  const rollup = bind(a.rollup, rollupAbi, sequencer!);
  const bridge = bind(a.bridge, bridgeAbi, user!);
  const game = bind(a.disputeGame, disputeGameAbi, challenger!);
  const gasOf = async (hash: Promise<Hex>) => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash: await hash });
    if (receipt.status !== "success") throw new Error("transaction reverted");
    return receipt;
  };

  await gasOf(rollup.write.depositBond({ value: deployment.parameters.proposerBond }));
  await gasOf(bridge.write.depositETH([user!.account.address], { value: 10n ** 18n }));
  const depositETH = Number(
    (await gasOf(bridge.write.depositETH([user!.account.address], { value: 10n ** 18n }))).gasUsed,
  );

  // ERC-20 deposit (steady state: the Bridge already holds the token).
  const tokenArtifact = readArtifact("TestToken");
  const tokenReceipt = await gasOf(
    user!.deployContract({
      abi: tokenArtifact.abi,
      bytecode: tokenArtifact.bytecode,
      args: ["Token", "TOK"],
    }),
  );
  const token = getContract({
    address: tokenReceipt.contractAddress!,
    abi: testTokenAbi,
    client: { public: publicClient, wallet: user! },
  });
  await gasOf(token.write.mint([user!.account.address, 10n ** 24n]));
  await gasOf(token.write.approve([a.bridge, 10n ** 24n]));
  await gasOf(bridge.write.depositERC20([token.address, user!.account.address, 10n ** 18n]));
  const depositERC20 = Number(
    (await gasOf(bridge.write.depositERC20([token.address, user!.account.address, 10n ** 18n]))).gasUsed,
  );

  const l2Signer = privateKeyToAccount(generatePrivateKey());
  const raw = await l2Signer.signTransaction({
    type: "eip1559",
    chainId: Number(deployment.parameters.l2ChainId),
    nonce: 0,
    maxPriorityFeePerGas: 1n,
    maxFeePerGas: 20_000_000n,
    gas: 50_000n,
    to: "0x4a1c000000000000000000000000000000000001",
    value: 10n ** 17n,
  });
  const forceTransaction = Number((await gasOf(bridge.write.forceTransaction([raw]))).gasUsed);

  // A batch applying the four entries above, with one ETH withdrawal per index 0..1 in its header.
  const recipient = getAddress(user!.account.address);
  const withdrawals = [0n, 1n].map((index) => ({
    index,
    l2Sender: recipient,
    l1Recipient: recipient,
    l1Token: zeroAddress,
    amount: 1000n,
  }));
  const tree = new WithdrawalTree();
  for (const w of withdrawals) tree.append(withdrawalLeafHash(w));
  const header = {
    treeRoot: toHex(randomBytes(32)),
    withdrawalsRoot: toHex(tree.root),
    withdrawalCount: 2n,
    queueApplied: 5n,
    accountCount: 1_000n,
  };
  const data = toHex(randomBytes(BATCH_BYTES));
  const appendReceipt = await gasOf(
    rollup.write.appendBatch([
      data,
      BigInt(BATCH_TRANSFERS + 20),
      header,
      await rollup.read.lastStateRoot(),
      { dataHash: zeroHash, timestamp: 0n },
    ]),
  );
  const tx = await publicClient.getTransaction({ hash: appendReceipt.transactionHash });
  const { zero, nonZero } = calldataCosts(tx.input);
  const calldataGas = 21_000 + 16 * nonZero + 4 * zero;
  const floorGas = 21_000 + 10 * (4 * nonZero + zero);
  const appendGas = Number(appendReceipt.gasUsed);
  const [appended] = parseEventLogs({ abi: rollupAbi, eventName: "BatchAppended", logs: appendReceipt.logs });
  const record = appended!.args.record;

  // A game on the batch: opening, and one round (reveal + answer).
  const opened = await gasOf(game.write.openGame([record], { value: deployment.parameters.challengerBond }));
  const gameId = parseEventLogs({ abi: disputeGameAbi, eventName: "GameOpened", logs: opened.logs })[0]!.args
    .gameId;
  const reveal = await gasOf(
    bind(a.disputeGame, disputeGameAbi, sequencer!).write.revealMidpoint([gameId, toHex(randomBytes(32))]),
  );
  const answer = await gasOf(game.write.answerMidpoint([gameId, false]));
  // The proposer reveals again and the challenger walks away: the proposer wins by timeout, and the batch
  // becomes final.
  await gasOf(
    bind(a.disputeGame, disputeGameAbi, sequencer!).write.revealMidpoint([gameId, toHex(randomBytes(32))]),
  );
  const g = await game.read.getGame([gameId]);
  await testClient.setNextBlockTimestamp({ timestamp: g.lastMoveAt + g.challengerClock });
  await gasOf(game.write.claimTimeout([gameId, record]));
  // The clocks (3 days by default) outlast the 1,000-second window: it has passed by now.
  await gasOf(bind(a.rollup, rollupAbi, user!).write.finalizeBatches([record]));

  const finalize = async (i: number) => {
    const w = withdrawals[i]!;
    const siblings = tree.proof(w.index).map((p) => toHex(p)) as unknown as Parameters<
      typeof bridge.write.finalizeWithdrawal
    >[0][3];
    return Number((await gasOf(bridge.write.finalizeWithdrawal([record, header, w, siblings]))).gasUsed);
  };
  const firstInWord = await finalize(0);
  const secondInWord = await finalize(1);

  return {
    hardfork: hardfork ?? "default",
    depositETH,
    depositERC20,
    forceTransaction,
    appendBatch: {
      dataBytes: BATCH_BYTES,
      zeroBytes: zero,
      gasUsed: appendGas,
      perTransfer: appendGas / BATCH_TRANSFERS,
      calldataGas,
      floorGas,
      floorApplies: appendGas === floorGas && floorGas > calldataGas,
      executionGas: appendGas === floorGas && floorGas > calldataGas ? null : appendGas - calldataGas,
    },
    finalizeWithdrawal: { firstInWord, secondInWord },
    openGame: Number(opened.gasUsed),
    bisectionRound: Number(reveal.gasUsed + answer.gasUsed),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = [await measureGas(), await measureGas("cancun")];
  if (process.argv.includes("--json")) {
    console.log(JSON.stringify({ contracts: results }));
  } else {
    for (const r of results) console.log(JSON.stringify(r, null, 2));
  }
  process.exit(0);
}
