// The chain's gas: ETH deposits (and an ERC-20 deposit and a forced transaction for reference) through the
// real Bridge, appendBatch of a real batch of 1,000 transfers, optionally a whole dispute game over the
// largest batch the caps allow, and withdrawals paid from a final batch. Every batch is sequenced by
// packages/protocol (scripts/lib/harness/chainModel.ts) and appended with its claimed post-state.
import {
  type Address,
  encodeFunctionData,
  getAddress,
  type Hex,
  type TransactionReceipt,
  zeroAddress,
} from "viem";
import {
  BatchMachine,
  bytesToHex,
  createStepContext,
  encodeStepWitness,
  GAS_WITHDRAWAL,
  hexToBytes,
  L2_BRIDGE_ADDRESS,
  type Address as L2Address,
  MAX_BATCH_BYTES,
  MAX_BATCH_STEPS,
  MIN_BASE_FEE,
  type QueueEntry,
  type SignedTransaction,
  type StepWitness,
} from "../../../packages/protocol/src/index.ts";
import {
  ONE_ETH,
  signWith,
  TEST_CONFIG,
  type TestWallet,
  testWallet,
  transferFields,
} from "../../../packages/protocol/src/testing/fixtures.ts";
import { queueLookup, type ScenarioBlock } from "../../../packages/protocol/src/testing/scenario.ts";
import { signTransactionForTest } from "../../../packages/protocol/src/tx/testing.ts";
import { readArtifact } from "../../lib/artifacts.ts";
import { stepVerifierAbi, testTokenAbi } from "../../lib/harness/abis.ts";
import { ChainModel, type Lie } from "../../lib/harness/chainModel.ts";
import { GameDriver } from "../../lib/harness/gameDriver.ts";
import {
  type AppendedBatch,
  appendBatch,
  createHalcyonL1,
  depositEth,
  finalizeThrough,
  type HalcyonL1,
  send,
  syncQueue,
  type Wallet,
} from "../../lib/harness/l1.ts";
import { calldataGas, floorGas, TX_BASE_GAS } from "./calldata.ts";
import { createNetwork, hardforkOf } from "./hardhatNetwork.ts";

/** Transfers in the batch whose appendBatch is measured. */
export const BATCH_TRANSFERS = 1_000;
/** Funded L2 users who send them. */
const USERS = 100;
/** The largest batch: transfers, queue entries, and empty blocks up to ~4,000 steps within MAX_BATCH_BYTES. */
const LARGE = { transfers: 1_500, perBlock: 50, deposits: 500, steps: 4_000, bytes: MAX_BATCH_BYTES - 500 };

const FEES = { maxFeePerGas: 3n * MIN_BASE_FEE, maxPriorityFeePerGas: MIN_BASE_FEE };

/** `count` ETH transfers of 0.01 ETH among `users`, sender i mod n to a recipient that varies. */
function transfers(model: ChainModel, users: readonly TestWallet[], count: number): SignedTransaction[] {
  const nonce = model.nonceCounter();
  return Array.from({ length: count }, (_, i) => {
    const from = users[i % users.length]!;
    const to = users[(i + 1 + Math.floor(i / users.length)) % users.length]!;
    return signWith(
      from,
      transferFields({ to: to.address, nonce: nonce(from.address), value: ONE_ETH / 100n, ...FEES }),
    );
  });
}

function ethWithdrawal(from: TestWallet, nonce: bigint, amount: bigint): SignedTransaction {
  return signWith(
    from,
    transferFields({ to: L2_BRIDGE_ADDRESS, value: amount, nonce, gasLimit: GAS_WITHDRAWAL, ...FEES }),
  );
}

type BlockMaker = (queueEntries: readonly QueueEntry[], txs: readonly SignedTransaction[]) => ScenarioBlock;

/** Makes L2 blocks 2 seconds apart at the minimum base fee. */
function createBlockMaker(start: bigint): BlockMaker {
  let time = start;
  return (queueEntries, txs) => {
    time += 2n;
    return { timestamp: time, baseFee: MIN_BASE_FEE, queueEntries, txs };
  };
}

async function inputOf(l1: HalcyonL1, receipt: TransactionReceipt): Promise<Uint8Array> {
  const tx = await l1.publicClient.getTransaction({ hash: receipt.transactionHash });
  return hexToBytes(tx.input);
}

export type AppendFigures = {
  transfers: number;
  dataBytes: number;
  /** Batch data bytes per transfer (the encoding of packages/protocol). */
  bytesPerTx: number;
  calldataBytes: number;
  gasUsed: number;
  perTx: number;
  /** 21,000 + EIP-2028 calldata gas of the whole input. */
  standardCalldataGas: number;
  /** 21,000 + the EIP-7623 floor of the whole input. */
  floorGas: number;
  /** Whether the EIP-7623 floor set the gas. */
  floorApplies: boolean;
  /** gasUsed - 21,000 - EIP-2028 calldata gas: the contract's own work (null when the floor set the gas). */
  executionGas: number | null;
};

export type DisputeFigures = {
  steps: number;
  dataBytes: number;
  composition: string;
  /** The first wrong commitment (the proof is of step lieFrom - 1 -> lieFrom). */
  lieFrom: number;
  provenStep: number;
  rounds: number;
  open: number;
  reveals: number;
  answers: number;
  revealMax: number;
  answerMax: number;
  /** The one-step proof transaction (it resolves the game: deletes the batch and slashes). */
  proveStep: number;
  /** The same witness sent straight to StepVerifier.executeStep as a transaction. */
  proofAsExecuteStep: number;
  proofWitnessBytes: number;
  proofTreeReads: number;
  proofMaxSiblings: number;
  /** The challenger's withdrawCredit. */
  payout: number;
  total: number;
  /** The batch's appendBatch (not part of the game). */
  appendBatch: number;
};

export type ChainGas = {
  hardfork: string;
  depositETH: { first: number; steady: number };
  depositERC20: number;
  forceTransaction: number;
  appendBatch: AppendFigures;
  dispute: DisputeFigures | null;
  finalizeWithdrawal: { firstInWord: number; secondInWord: number; secondInWordNewRecipient: number };
};

/**
 * Builds a chain on a fresh network: 100 funded L2 users (ETH deposits), an ERC-20 deposit and a forced
 * transaction, batch 1 (the queue and three ETH withdrawals), batch 2 (1,000 transfers), optionally batch 3
 * (the largest batch, by a lying proposer, and the whole game that deletes it), then finality and the
 * withdrawals.
 */
export async function measureChainGas(
  options: { hardfork?: string; dispute?: boolean } = {},
): Promise<ChainGas> {
  const connection = await createNetwork(options.hardfork);
  const l1 = await createHalcyonL1(connection.viem, {
    l2ChainId: TEST_CONFIG.chainId,
    feeVault: TEST_CONFIG.feeVault,
  });
  const [challenger, depositor] = l1.others as [Wallet, Wallet];
  const users = Array.from({ length: USERS }, (_, i) => testWallet(20_000 + i));
  const model = new ChainModel(TEST_CONFIG);
  const block = createBlockMaker(1_800_000_000n);

  // Deposits: one per user; the first one sets up the queue's storage.
  const depositGas: number[] = [];
  for (const user of users) {
    depositGas.push(Number((await depositEth(l1, depositor, user.address, 10n * ONE_ETH)).gasUsed));
  }
  const depositERC20 = await erc20Deposits(l1, depositor, users[1]!.address);
  // A forced transaction: users[2]'s ETH withdrawal, sent raw through the Bridge.
  const forcedRaw = signTransactionForTest(
    transferFields({ to: L2_BRIDGE_ADDRESS, value: ONE_ETH, gasLimit: GAS_WITHDRAWAL, ...FEES }),
    users[2]!.privateKey,
  ).raw;
  const forceTransaction = Number(
    (await send(l1, l1.bridge(depositor).write.forceTransaction([bytesToHex(forcedRaw)]))).gasUsed,
  );
  await syncQueue(l1, model);

  // Batch 1: the queue, then ETH withdrawals by users 0, 1 and 3. Users 0 and 1 hold ETH on L1 already (as
  // one who deposited from there does); user 3's L1 address is new. The forced one is withdrawal 0.
  for (const user of users.slice(0, 2))
    await l1.testClient.setBalance({ address: user.address, value: ONE_ETH });
  const withdrawers = [users[0]!, users[1]!, users[3]!];
  const nonce = model.nonceCounter();
  const batch1 = await appendBatch(
    l1,
    model,
    l1.sequencer,
    model.sequence([
      block(
        model.pendingEntries(),
        withdrawers.map((w) => ethWithdrawal(w, nonce(w.address), ONE_ETH)),
      ),
    ]),
  );

  // Batch 2: 1,000 transfers in blocks of 100.
  const txs = transfers(model, users, BATCH_TRANSFERS);
  const blocks: ScenarioBlock[] = [];
  for (let i = 0; i < txs.length; i += 100) blocks.push(block([], txs.slice(i, i + 100)));
  const candidate2 = model.sequence(blocks);
  if (candidate2.invalid !== 0) throw new Error("bench: a transfer of batch 2 is invalid");
  const batch2 = await appendBatch(l1, model, l1.sequencer, candidate2);
  const appendFigures = await appendFiguresOf(l1, batch2, candidate2.data.length);

  const dispute =
    options.dispute === false ? null : await measureDispute(l1, model, users, challenger, depositor, block);

  // Finality, then the withdrawals of batch 1.
  await finalizeThrough(l1, depositor, batch2.record);
  const withdrawals = model.stateBefore(2).withdrawals;
  const finalize = async (index: bigint, from: TestWallet) => {
    const bridge = l1.bridge(depositor);
    type Siblings = Parameters<typeof bridge.write.finalizeWithdrawal>[0][3];
    const recipient = getAddress(from.address);
    const receipt = await send(
      l1,
      bridge.write.finalizeWithdrawal([
        batch1.record,
        batch1.header,
        { index, l2Sender: recipient, l1Recipient: recipient, l1Token: zeroAddress, amount: ONE_ETH },
        withdrawals.proof(index).map(bytesToHex) as unknown as Siblings,
      ]),
    );
    return Number(receipt.gasUsed);
  };
  const finalizeWithdrawal = {
    firstInWord: await finalize(1n, users[0]!),
    secondInWord: await finalize(2n, users[1]!),
    secondInWordNewRecipient: await finalize(3n, users[3]!),
  };

  return {
    hardfork: hardforkOf(connection),
    depositETH: { first: depositGas[0]!, steady: depositGas.at(-1)! },
    depositERC20,
    forceTransaction,
    appendBatch: appendFigures,
    dispute,
    finalizeWithdrawal,
  };
}

/** Deploys a TestToken and deposits it twice; returns the second (steady-state) deposit's gas. */
async function erc20Deposits(l1: HalcyonL1, from: Wallet, to: L2Address): Promise<number> {
  const artifact = readArtifact("TestToken");
  const deployed = await send(
    l1,
    from.deployContract({ abi: artifact.abi, bytecode: artifact.bytecode, args: ["Token", "TOK"] }),
  );
  const token = deployed.contractAddress!;
  const call = (functionName: "mint" | "approve", args: readonly [Address, bigint]) =>
    send(l1, from.writeContract({ address: token, abi: testTokenAbi, functionName, args }));
  await call("mint", [from.account.address, 10n ** 24n]);
  await call("approve", [l1.deployment.addresses.bridge, 10n ** 24n]);
  await send(l1, l1.bridge(from).write.depositERC20([token, to, 10n ** 18n]));
  return Number((await send(l1, l1.bridge(from).write.depositERC20([token, to, 10n ** 18n]))).gasUsed);
}

async function appendFiguresOf(
  l1: HalcyonL1,
  batch: AppendedBatch,
  dataBytes: number,
): Promise<AppendFigures> {
  const input = await inputOf(l1, batch.receipt);
  const gasUsed = Number(batch.receipt.gasUsed);
  const standard = TX_BASE_GAS + calldataGas(input);
  const floor = TX_BASE_GAS + floorGas(input);
  const floorApplies = gasUsed === floor && floor > standard;
  return {
    transfers: BATCH_TRANSFERS,
    dataBytes,
    bytesPerTx: dataBytes / BATCH_TRANSFERS,
    calldataBytes: input.length,
    gasUsed,
    perTx: gasUsed / BATCH_TRANSFERS,
    standardCalldataGas: standard,
    floorGas: floor,
    floorApplies,
    executionGas: floorApplies ? null : gasUsed - standard,
  };
}

/**
 * The largest batch the caps allow, by a proposer lying from a middle transaction step on, and the whole
 * game an honest challenger plays against it (to the payout).
 */
async function measureDispute(
  l1: HalcyonL1,
  model: ChainModel,
  users: readonly TestWallet[],
  challenger: Wallet,
  depositor: Wallet,
  block: BlockMaker,
): Promise<DisputeFigures> {
  for (let i = 0; i < LARGE.deposits; i++) {
    await depositEth(l1, depositor, users[i % users.length]!.address, ONE_ETH);
  }
  await syncQueue(l1, model);
  const entries = model.pendingEntries();
  const txs = transfers(model, users, LARGE.transfers);
  const blockCount = LARGE.transfers / LARGE.perBlock;
  const share = (total: number, b: number) => Math.floor((b * total) / blockCount);
  const busy = (b: number) =>
    block(
      entries.slice(share(entries.length, b), share(entries.length, b + 1)),
      txs.slice(b * LARGE.perBlock, (b + 1) * LARGE.perBlock),
    );
  // A trial without empty blocks, then empty blocks (6 bytes each) spread between the busy ones up to
  // ~4,000 steps or the byte cap, whichever comes first.
  const trial = model.sequence(Array.from({ length: blockCount }, (_, b) => busy(b)));
  const empty = Math.min(LARGE.steps - trial.steps, Math.floor((LARGE.bytes - trial.data.length) / 6));
  const layout: ScenarioBlock[] = [];
  for (let b = 0; b < blockCount; b++) {
    layout.push(busy(b));
    for (let e = share(empty, b); e < share(empty, b + 1); e++) layout.push(block([], []));
  }
  const candidate = model.sequence(layout);
  if (
    candidate.steps > MAX_BATCH_STEPS ||
    candidate.data.length > MAX_BATCH_BYTES ||
    candidate.invalid !== 0
  ) {
    throw new Error(
      `bench: the largest batch is out of bounds (${candidate.steps} steps, ${candidate.data.length} B)`,
    );
  }

  // The lie: from the first transaction step at or after the middle (the proof re-executes a transfer).
  const index = model.batchCount;
  const probe = model.stateBefore(index);
  const machine = new BatchMachine(probe, {
    data: candidate.data,
    queueLimit: BigInt(model.entries.length),
    config: TEST_CONFIG,
    queueEntry: queueLookup(model.entries),
  });
  let lieFrom = 0;
  for (let step = 0; step < candidate.steps; step++) {
    const result = machine.step();
    if (step >= Math.floor(candidate.steps / 2) && result.kind === "tx") {
      lieFrom = step + 1;
      break;
    }
  }
  const lies: Lie[] = [{ batch: index, fromStep: lieFrom, beneficiary: users[0]!.address }];
  const batch = await appendBatch(l1, model, l1.sequencer, candidate, lies);
  let proof: { witness: StepWitness; encoded: Hex } | undefined;
  const driver = await GameDriver.open(l1, {
    batch,
    proposer: { wallet: l1.sequencer, commitments: model.commitments(index, lies) },
    challenger: { wallet: challenger, commitments: model.commitments(index) },
    witness: (step) => {
      const witness = model.witness(index, step);
      proof = { witness, encoded: encodeStepWitness(witness) };
      return proof.encoded;
    },
  });
  const { proposerWon, step } = await driver.play(challenger);
  if (proposerWon || step !== lieFrom - 1)
    throw new Error("bench: the liar did not lose at its first wrong step");
  const payout = Number(
    (await send(l1, l1.game(challenger).write.withdrawCredit([challenger.account.address]))).gasUsed,
  );
  model.deleteFrom(index);
  // The same proof sent straight to executeStep: what proveStep adds (the game's checks and resolution).
  const ctx = createStepContext(proof!.witness, batch.record);
  const direct = await send(
    l1,
    challenger.sendTransaction({
      to: l1.deployment.addresses.stepVerifier,
      data: encodeFunctionData({
        abi: stepVerifierAbi,
        functionName: "executeStep",
        args: [ctx, proof!.encoded],
      }),
    }),
  );

  const g = driver.gas;
  const sum = (xs: bigint[]) => Number(xs.reduce((a, b) => a + b, 0n));
  const max = (xs: bigint[]) => Number(xs.reduce((a, b) => (b > a ? b : a), 0n));
  const reveals = sum(g.reveals);
  const answers = sum(g.answers);
  const reads = proof!.witness.reads;
  return {
    steps: candidate.steps,
    dataBytes: candidate.data.length,
    composition: `${LARGE.transfers} transfers, ${entries.length} deposits, ${layout.length} blocks (${empty} empty)`,
    lieFrom,
    provenStep: step,
    rounds: g.reveals.length,
    open: Number(g.open),
    reveals,
    answers,
    revealMax: max(g.reveals),
    answerMax: max(g.answers),
    proveStep: Number(g.proof),
    proofAsExecuteStep: Number(direct.gasUsed),
    proofWitnessBytes: (proof!.encoded.length - 2) / 2,
    proofTreeReads: reads.length,
    proofMaxSiblings: Math.max(0, ...reads.map((r) => r.proof.siblings.length)),
    payout,
    total: Number(g.open) + reveals + answers + Number(g.proof) + payout,
    appendBatch: Number(batch.receipt.gasUsed),
  };
}
