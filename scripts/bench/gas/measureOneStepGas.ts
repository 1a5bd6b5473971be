// One-step proofs at a realistic depth: the most expensive step of each kind (the most tree reads, the most
// data read) in a state of 100,000 accounts, whose tree proofs have ~17-20 siblings, run by a real
// StepVerifier whose queue is a TestQueue holding each case's entries (the real Bridge cannot hold made-up
// senders and timestamps): its execution inside a call and its cost as a transaction, per hardfork.
import { decodeFunctionResult, encodeFunctionData } from "viem";
import {
  BatchMachine,
  bytesToHex,
  type ChainConfig,
  concatBytes,
  createMemoryNodeStore,
  createStateTree,
  createStepContext,
  encodeStepWitness,
  GAS_TOKEN_CALL,
  GAS_WITHDRAWAL,
  hexToBytes,
  keccak256,
  L2_BRIDGE_ADDRESS,
  type Address as L2Address,
  L2State,
  MIN_BASE_FEE,
  openStateTree,
  type QueueEntry,
  queueEntryHash,
  recordStep,
  type SignedTransaction,
  WithdrawalTree,
} from "../../../packages/protocol/src/index.ts";
import {
  erc20Deposit,
  GWEI,
  ONE_ETH,
  signWith,
  TEST_CONFIG,
  type TestWallet,
  testWallet,
  transferFields,
} from "../../../packages/protocol/src/testing/fixtures.ts";
import {
  queueLookup,
  type ScenarioBlock,
  sequenceBatch,
} from "../../../packages/protocol/src/testing/scenario.ts";
import { l2TokenAddress } from "../../../packages/protocol/src/tokenAddress.ts";
import { batchCallerAbi, checkHarnessAbis, stepVerifierAbi, testQueueAbi } from "../../lib/harness/abis.ts";
import { calldataGas, floorGas, TX_BASE_GAS } from "./calldata.ts";
import { createNetwork, hardforkOf } from "./hardhatNetwork.ts";

const ACCOUNTS = 100_000;
/** 2^17 - 1 withdrawals so far: 17 frontier words in use, as many as a chain of this size could have. */
const WITHDRAWALS = 2 ** 17 - 1;
const L1_TOKEN: L2Address = "0x00000000000000000000000000000000000070c1";
const NEW_L1_TOKEN: L2Address = "0x00000000000000000000000000000000000070c2";
const TOKEN = l2TokenAddress(L1_TOKEN);
const alice = testWallet(1);
const bob = testWallet(2);

/**
 * A state of ACCOUNTS accounts (and as many index leaves): the fee vault, Alice and Bob (ETH; Bob also a
 * registered token, through queue entry 0) and fillers; WITHDRAWALS withdrawals. The tree is committed to a
 * memory store so that each case opens a copy; the withdrawals tree (slow to build: the protocol's
 * WithdrawalTree computes the root at each append) is built once and shared until a step appends to it.
 */
function deepState(config: ChainConfig) {
  const store = createMemoryNodeStore();
  const state = new L2State({ tree: createStateTree({ store }) });
  state.creditEth(config.feeVault, ONE_ETH);
  state.creditEth(alice.address, 100n * ONE_ETH);
  state.creditEth(bob.address, 100n * ONE_ETH);
  const entry0 = erc20Deposit(0n, bob.address, L1_TOKEN, 10n ** 24n);
  const pre = sequenceBatch(state, config, [
    { timestamp: 1n, baseFee: GWEI, queueEntries: [entry0], txs: [] },
  ]);
  if (pre.steps !== 2) throw new Error("bench: the token registration did not apply");
  const seed = new Uint8Array(8);
  while (state.accountCount < BigInt(ACCOUNTS)) {
    new DataView(seed.buffer).setBigUint64(0, state.accountCount);
    state.creditEth(bytesToHex(keccak256(seed).subarray(12)), ONE_ETH);
  }
  const leaves: Uint8Array[] = [];
  for (let i = 0; i < WITHDRAWALS; i++) {
    new DataView(seed.buffer).setBigUint64(0, BigInt(i));
    leaves.push(keccak256(seed));
  }
  const root = state.tree.commit();
  const { queueApplied, accountCount } = state;
  let shared: WithdrawalTree | undefined;
  return {
    entry0,
    /** A copy of the state; without `withdrawals`, with an empty withdrawals tree (for sequencing). */
    open: (withdrawals: boolean) => {
      if (withdrawals && shared === undefined) shared = WithdrawalTree.fromLeaves(leaves);
      return new L2State({
        tree: openStateTree({ store, root }),
        withdrawals: withdrawals ? shared! : new WithdrawalTree(),
        queueApplied,
        accountCount,
      });
    },
    /** A step appended to the shared withdrawals tree: build it again for the next copy. */
    discardWithdrawals: () => {
      shared = undefined;
    },
  };
}

type StepCase = {
  readonly name: string;
  /** Queue entries 1, 2, … (entry 0 registered the token). */
  readonly queue: readonly QueueEntry[];
  readonly blocks: readonly ScenarioBlock[];
  readonly step: number;
};

function word(value: bigint): string {
  return value.toString(16).padStart(64, "0");
}
const tokenTransfer = (to: L2Address, amount: bigint) =>
  hexToBytes(`0xa9059cbb${word(BigInt(to))}${word(amount)}`);
const oneBlock = (queue: readonly QueueEntry[], txs: readonly SignedTransaction[]): ScenarioBlock[] => [
  { timestamp: 1_800_000_000n, baseFee: GWEI, queueEntries: queue, txs },
];
const forced = (from: TestWallet, tx: SignedTransaction): QueueEntry => ({
  kind: "forced-transaction",
  queueIndex: 1n,
  from: from.address,
  l1Timestamp: 1_800_000_000n,
  tx,
});

/** The most expensive step of each kind: the most tree reads, the most data read. */
function stepCases(): StepCase[] {
  let freshCount = 0;
  const fresh = (): L2Address => testWallet(90_000 + freshCount++).address;
  const fees = { maxFeePerGas: 3n * GWEI, maxPriorityFeePerGas: GWEI };
  const data1024 = Uint8Array.from({ length: 1024 }, (_, i) => (i * 7 + 1) & 0xff);
  const tokenCall = (data: Uint8Array) =>
    transferFields({ to: TOKEN, data, gasLimit: GAS_TOKEN_CALL + 16n * BigInt(data.length), ...fees });
  return [
    {
      name: "block, first step: header and a 255-entry fee dictionary",
      queue: [],
      blocks: oneBlock(
        [],
        Array.from({ length: 255 }, (_, i) =>
          signWith(
            alice,
            transferFields({ to: bob.address, nonce: BigInt(i), gasLimit: 21_000n + BigInt(i), ...fees }),
          ),
        ),
      ),
      step: 0,
    },
    {
      name: "block",
      queue: [],
      blocks: [
        ...oneBlock([], [signWith(alice, transferFields({ to: bob.address, ...fees }))]),
        { timestamp: 1_800_000_002n, baseFee: GWEI, queueEntries: [], txs: [] },
      ],
      step: 2,
    },
    {
      name: "queue: ETH deposit to a new account",
      queue: [
        {
          kind: "eth-deposit",
          queueIndex: 1n,
          from: alice.address,
          to: fresh(),
          amount: ONE_ETH,
          l1Timestamp: 1_800_000_000n,
        },
      ],
      blocks: [],
      step: 1,
    },
    {
      name: "queue: ERC-20 deposit registering a token, to a new account",
      queue: [{ ...erc20Deposit(1n, fresh(), NEW_L1_TOKEN, 10n ** 20n), from: alice.address }],
      blocks: [],
      step: 1,
    },
    {
      name: "queue: forced token transfer to a new account",
      queue: [
        forced(
          bob,
          signWith(bob, {
            ...tokenCall(tokenTransfer(fresh(), 10n ** 20n)),
            maxFeePerGas: MIN_BASE_FEE,
            maxPriorityFeePerGas: 0n,
          }),
        ),
      ],
      blocks: [],
      step: 1,
    },
    {
      name: "queue: forced call with 1,024 data bytes",
      queue: [
        forced(
          alice,
          signWith(
            alice,
            transferFields({ to: bob.address, data: data1024, gasLimit: 21_000n + 16n * 1024n, ...fees }),
          ),
        ),
      ],
      blocks: [],
      step: 1,
    },
    {
      name: "tx: token transfer to a new account",
      queue: [],
      blocks: oneBlock([], [signWith(bob, tokenCall(tokenTransfer(fresh(), 10n ** 20n)))]),
      step: 1,
    },
    {
      name: "tx: token withdrawal",
      queue: [],
      blocks: oneBlock([], [signWith(bob, tokenCall(hexToBytes(`0x2e1a7d4d${word(10n ** 20n)}`)))]),
      step: 1,
    },
    {
      name: "tx: ETH withdrawal",
      queue: [],
      blocks: oneBlock(
        [],
        [
          signWith(
            alice,
            transferFields({ to: L2_BRIDGE_ADDRESS, value: ONE_ETH, gasLimit: GAS_WITHDRAWAL, ...fees }),
          ),
        ],
      ),
      step: 1,
    },
    {
      name: "tx: ETH transfer to a new account",
      queue: [],
      blocks: oneBlock([], [signWith(alice, transferFields({ to: fresh(), value: ONE_ETH, ...fees }))]),
      step: 1,
    },
    {
      name: "tx: call with 1,024 data bytes (fails)",
      queue: [],
      blocks: oneBlock(
        [],
        [
          signWith(
            alice,
            transferFields({ to: bob.address, data: data1024, gasLimit: 21_000n + 16n * 1024n, ...fees }),
          ),
        ],
      ),
      step: 1,
    },
  ];
}

export type StepFigures = {
  name: string;
  reads: number;
  maxSiblings: number;
  meanSiblings: number;
  witnessBytes: number;
  chunkBytes: number;
  /**
   * executeStep's gas measured around the call inside StepVerifierBatchCaller (no intrinsic or calldata
   * gas; the CALL and the copy of its arguments included, a few thousand more than inside a transaction).
   */
  execution: number;
  /** EIP-2028 calldata gas of the executeStep input, and of the batch data chunks in it. */
  calldata: number;
  chunkCalldata: number;
  /** executeStep sent as a transaction: gasUsed - 21,000 (the hardfork's pricing, floor included). */
  withData: number;
  /** Whether the EIP-7623 floor set withData. */
  floorApplies: boolean;
  /**
   * What the issue's 400,000 applies to: the step without its chunks' calldata, priced as withData is:
   * execution + calldata - chunkCalldata, or, where the floor applies, the larger of that and the floor of
   * the input without the chunks.
   */
  withoutData: number;
};

export type OneStepGas = { hardfork: string; accounts: number; withdrawals: number; steps: StepFigures[] };

/**
 * The worst case of each step kind in a state of ACCOUNTS accounts, on a network per hardfork, against a
 * StepVerifier whose queue is a TestQueue holding the case's entries: each witness is run through the batch
 * caller (execution, and its result checked against the TypeScript state transition) and sent as a
 * transaction to executeStep.
 */
export async function measureOneStepGas(
  options: { hardforks?: readonly (string | undefined)[] } = {},
): Promise<OneStepGas[]> {
  checkHarnessAbis();
  const networks = [];
  for (const hardfork of options.hardforks ?? [undefined]) {
    const connection = await createNetwork(hardfork);
    const { viem } = connection;
    const [wallet] = await viem.getWalletClients();
    networks.push({
      hardfork: hardforkOf(connection),
      viem,
      publicClient: await viem.getPublicClient(),
      wallet: wallet!,
      caller: await viem.deployContract("StepVerifierBatchCaller"),
      steps: [] as StepFigures[],
    });
  }
  const base = deepState(TEST_CONFIG);
  for (const c of stepCases()) {
    const entries = [base.entry0, ...c.queue];
    const blocks = c.blocks.length > 0 ? c.blocks : oneBlock(c.queue, []);
    const context = {
      data: sequenceBatch(base.open(false), TEST_CONFIG, blocks, { includeInvalid: true }).data,
      queueLimit: BigInt(entries.length),
      config: TEST_CONFIG,
      queueEntry: queueLookup(entries),
    };
    const machine = new BatchMachine(base.open(true), context);
    for (let i = 0; i < c.step; i++) machine.step();
    const witness = recordStep(machine, c.step);
    if (witness.withdrawalFrontier !== undefined) base.discardWithdrawals();
    const expected = bytesToHex(machine.commitment());
    const encoded = encodeStepWitness(witness);
    const ctx = createStepContext(witness, { queueLimit: context.queueLimit, queueStart: 1n });
    const input = hexToBytes(
      encodeFunctionData({ abi: stepVerifierAbi, functionName: "executeStep", args: [ctx, encoded] }),
    );
    const chunks = concatBytes(...[witness.window, witness.feeWindow].flatMap((w) => w.chunks));
    const siblings = witness.reads.map((r) => r.proof.siblings.length);

    for (const net of networks) {
      const queue = await net.viem.deployContract("TestQueue");
      const appended = await net.wallet.writeContract({
        address: queue.address,
        abi: testQueueAbi,
        functionName: "append",
        args: [entries.map((e) => bytesToHex(queueEntryHash(e)))],
      });
      await net.publicClient.waitForTransactionReceipt({ hash: appended });
      const verifier = await net.viem.deployContract("StepVerifier", [
        queue.address,
        TEST_CONFIG.chainId,
        TEST_CONFIG.feeVault,
      ]);
      const { data } = await net.publicClient.call({
        to: net.caller.address,
        data: encodeFunctionData({
          abi: batchCallerAbi,
          functionName: "run",
          args: [verifier.address, [{ ctx, witness: encoded }]],
        }),
      });
      const [ok, commitments, , , gasUsed] = decodeFunctionResult({
        abi: batchCallerAbi,
        functionName: "run",
        data: data!,
      });
      if (!ok[0] || commitments[0] !== expected) throw new Error(`bench: ${c.name}: the verifier disagrees`);
      const hash = await net.wallet.sendTransaction({ to: verifier.address, data: bytesToHex(input) });
      const receipt = await net.publicClient.waitForTransactionReceipt({ hash });
      if (receipt.status !== "success") throw new Error(`bench: ${c.name}: executeStep reverted`);

      const execution = Number(gasUsed[0]!);
      const calldata = calldataGas(input);
      const chunkCalldata = calldataGas(chunks);
      const floorApplies = Number(receipt.gasUsed) === TX_BASE_GAS + floorGas(input);
      const standardWithout = execution + calldata - chunkCalldata;
      net.steps.push({
        name: c.name,
        reads: witness.reads.length,
        maxSiblings: Math.max(0, ...siblings),
        meanSiblings: siblings.length === 0 ? 0 : siblings.reduce((a, b) => a + b, 0) / siblings.length,
        witnessBytes: (encoded.length - 2) / 2,
        chunkBytes: chunks.length,
        execution,
        calldata,
        chunkCalldata,
        withData: Number(receipt.gasUsed) - TX_BASE_GAS,
        floorApplies,
        withoutData: floorApplies
          ? Math.max(standardWithout, floorGas(input) - floorGas(chunks))
          : standardWithout,
      });
    }
  }
  return networks.map((n) => ({
    hardfork: n.hardfork,
    accounts: ACCOUNTS,
    withdrawals: WITHDRAWALS,
    steps: n.steps,
  }));
}
