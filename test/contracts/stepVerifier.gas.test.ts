// Gas of StepVerifier.executeStep in the worst case of each step kind: the step that makes the most tree
// reads of its kind (new accounts, a new fee vault, a token's first registration, index references), the
// largest data it can read (a 255-entry fee dictionary, 1,024 bytes of call data), and state-tree proofs
// made deep on purpose: filler leaves beside every key the step touches give each of its proofs exactly
// D siblings (D = 32 is a chain of some 2^30 leaves; deeper paths take an attacker grinding keys).
//
// Measured two ways: the gas between just before and just after the call (StepVerifierBatchCaller, no
// intrinsic calldata gas), and the calldata gas of the witness (EIP-2028: 16 per non-zero byte, 4 per zero
// byte), split into the batch data's chunk bytes (excluded from the 400,000 target) and the rest.
// HALCYON_GAS_REPORT=1 prints the table.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { type Address, bytesToHex, hexToBytes } from "../../packages/protocol/src/bytes.ts";
import {
  GAS_TOKEN_CALL,
  GAS_WITHDRAWAL,
  L2_BRIDGE_ADDRESS,
  MIN_BASE_FEE,
} from "../../packages/protocol/src/constants.ts";
import type { L2State } from "../../packages/protocol/src/state/l2State.ts";
import { type QueueEntry, queueEntryHash } from "../../packages/protocol/src/state/queueEntry.ts";
import { applyQueueEntry } from "../../packages/protocol/src/stf/applyQueueEntry.ts";
import type { BatchContext } from "../../packages/protocol/src/stf/batchMachine.ts";
import {
  erc20Deposit,
  ethDeposit,
  fundedState,
  GWEI,
  ONE_ETH,
  signWith,
  TEST_CONFIG,
  testWallet,
  transferFields,
} from "../../packages/protocol/src/testing/fixtures.ts";
import {
  queueLookup,
  type ScenarioBlock,
  sequenceBatch,
} from "../../packages/protocol/src/testing/scenario.ts";
import { l2TokenAddress } from "../../packages/protocol/src/tokenAddress.ts";
import { signTransactionForTest } from "../../packages/protocol/src/tx/testing.ts";
import {
  createStepContext,
  encodeStepWitness,
  generateStepWitness,
  type StepWitness,
} from "../../packages/protocol/src/witness/index.ts";
import { createRng } from "./libraries/helpers.ts";
import { deployBatchCaller, deployStepVerifier, runSteps, testQueueAbi } from "./stepVerifier/helpers.ts";

const REPORT = process.env.HALCYON_GAS_REPORT === "1";
/** The target of the issue: gas of one step, its batch data's calldata excluded. */
const TARGET = 400_000n;
const DEPTHS = [0, 32, 48, 64] as const;

const alice = testWallet(1);
const bob = testWallet(2);
const L1_TOKEN: Address = "0x00000000000000000000000000000000000070c1";
const NEW_L1_TOKEN: Address = "0x00000000000000000000000000000000000070c2";
const TOKEN = l2TokenAddress(L1_TOKEN);
const fee = { maxFeePerGas: 3n * GWEI, maxPriorityFeePerGas: GWEI };
let fresh = 0;
const freshAddress = (): Address => testWallet(70_000 + fresh++).address;

function word(value: bigint): string {
  return value.toString(16).padStart(64, "0");
}

/** Alice and Bob funded, Bob holding tokens, three queue entries applied; no fee paid yet. */
function basePre(): { state: L2State; entries: QueueEntry[] } {
  const state = fundedState([
    [alice.address, 10n * ONE_ETH],
    [bob.address, 10n * ONE_ETH],
  ]);
  const entries = [
    ethDeposit(0n, alice.address, 10n * ONE_ETH),
    ethDeposit(1n, bob.address, 10n * ONE_ETH),
    erc20Deposit(2n, bob.address, L1_TOKEN, 10n ** 24n),
  ];
  applyQueueEntry(state, entries[2]!, TEST_CONFIG);
  return { state, entries };
}

type Case = {
  readonly name: string;
  /** Builds the batch's pre-state afresh. */
  readonly pre: () => L2State;
  readonly context: BatchContext;
  readonly queue: readonly QueueEntry[];
  readonly step: number;
};

/** A one-batch case: `queued` entries after the base ones, `blocks` sequenced with invalid txs kept. */
function batchCase(
  name: string,
  step: number,
  queued: (first: bigint) => QueueEntry[],
  blocks: (entries: QueueEntry[]) => ScenarioBlock[],
): Case {
  const base = basePre();
  const extra = queued(BigInt(base.entries.length));
  const entries = [...base.entries, ...extra];
  const sequenced = sequenceBatch(base.state, TEST_CONFIG, blocks(extra), { includeInvalid: true });
  return {
    name,
    pre: () => basePre().state,
    queue: entries,
    step,
    context: {
      data: sequenced.data,
      queueLimit: BigInt(entries.length),
      config: TEST_CONFIG,
      queueEntry: queueLookup(entries),
    },
  };
}

const block = (queueEntries: QueueEntry[], txs: ScenarioBlock["txs"]): ScenarioBlock => ({
  timestamp: 1_800_000_000n,
  baseFee: GWEI,
  queueEntries,
  txs,
});

function forced(queueIndex: bigint, from: Address, tx: ReturnType<typeof signWith>): QueueEntry {
  return { kind: "forced-transaction", queueIndex, from, l1Timestamp: 1_800_000_000n, tx };
}

const transfer = (to: Address, amount: bigint) =>
  Uint8Array.from(Buffer.from(`a9059cbb${word(BigInt(to))}${word(amount)}`, "hex"));

function cases(): Case[] {
  const bigData = Uint8Array.from({ length: 1024 }, (_, i) => (i * 7 + 1) & 0xff);
  return [
    batchCase(
      "block (first), 255-entry fee dictionary",
      0,
      () => [],
      () => [
        block(
          [],
          Array.from({ length: 255 }, (_, i) =>
            signWith(
              alice,
              transferFields({ to: bob.address, nonce: BigInt(i), gasLimit: 21_000n + BigInt(i), ...fee }),
            ),
          ),
        ),
      ],
    ),
    batchCase(
      "block",
      2,
      () => [],
      () => [
        block([], [signWith(alice, transferFields({ to: bob.address, ...fee }))]),
        { ...block([], []), timestamp: 1_800_000_001n },
      ],
    ),
    batchCase(
      "queue: ETH deposit to a new account",
      1,
      (q) => [ethDeposit(q, freshAddress(), ONE_ETH)],
      (e) => [block(e, [])],
    ),
    batchCase(
      "queue: ERC-20 deposit, registration, new account",
      1,
      (q) => [erc20Deposit(q, freshAddress(), NEW_L1_TOKEN, 10n ** 20n)],
      (e) => [block(e, [])],
    ),
    batchCase(
      "queue: forced token transfer, new recipient and fee vault",
      1,
      (q) => [
        forced(
          q,
          bob.address,
          signWith(
            bob,
            transferFields({
              to: TOKEN,
              data: transfer(freshAddress(), 10n ** 20n),
              gasLimit: GAS_TOKEN_CALL + 16n * 68n,
              maxFeePerGas: MIN_BASE_FEE,
              maxPriorityFeePerGas: 0n,
            }),
          ),
        ),
      ],
      (e) => [block(e, [])],
    ),
    batchCase(
      "queue: forced call with 1,024 data bytes",
      1,
      (q) => [
        forced(
          q,
          alice.address,
          signWith(
            alice,
            transferFields({ to: bob.address, data: bigData, gasLimit: 21_000n + 16n * 1024n }),
          ),
        ),
      ],
      (e) => [block(e, [])],
    ),
    batchCase(
      "tx: token transfer, new recipient and fee vault",
      1,
      () => [],
      () => [
        block(
          [],
          [
            signWith(
              bob,
              transferFields({
                to: TOKEN,
                data: transfer(freshAddress(), 10n ** 20n),
                gasLimit: GAS_TOKEN_CALL + 16n * 68n,
                ...fee,
              }),
            ),
          ],
        ),
      ],
    ),
    batchCase(
      "tx: token transfer, recipient by index",
      1,
      () => [],
      () => [
        block(
          [],
          [
            signWith(
              bob,
              transferFields({
                to: TOKEN,
                data: transfer(alice.address, 10n ** 20n),
                gasLimit: GAS_TOKEN_CALL + 16n * 68n,
                ...fee,
              }),
            ),
          ],
        ),
      ],
    ),
    batchCase(
      "tx: token withdrawal, new fee vault",
      1,
      () => [],
      () => [
        block(
          [],
          [
            signWith(
              bob,
              transferFields({
                to: TOKEN,
                data: Uint8Array.from(Buffer.from(`2e1a7d4d${word(10n ** 20n)}`, "hex")),
                gasLimit: GAS_TOKEN_CALL + 16n * 36n,
                ...fee,
              }),
            ),
          ],
        ),
      ],
    ),
    batchCase(
      "tx: ETH withdrawal, new fee vault",
      1,
      () => [],
      () => [
        block(
          [],
          [
            signWith(
              alice,
              transferFields({ to: L2_BRIDGE_ADDRESS, value: ONE_ETH, gasLimit: GAS_WITHDRAWAL, ...fee }),
            ),
          ],
        ),
      ],
    ),
    batchCase(
      "tx: ETH transfer to a new account, new fee vault",
      1,
      () => [],
      () => [block([], [signWith(alice, transferFields({ to: freshAddress(), value: ONE_ETH, ...fee }))])],
    ),
    batchCase(
      "tx: call with 1,024 data bytes (fails)",
      1,
      () => [],
      () => [
        block(
          [],
          [
            signWith(
              alice,
              transferFields({ to: bob.address, data: bigData, gasLimit: 21_000n + 16n * 1024n, ...fee }),
            ),
          ],
        ),
      ],
    ),
    batchCase(
      "tx: invalid (nonce)",
      1,
      () => [],
      () => [block([], [signWith(alice, transferFields({ to: bob.address, nonce: 3n, ...fee }))])],
    ),
    batchCase(
      "tx: invalid (bad signature)",
      1,
      () => [],
      () => [
        block(
          [],
          [
            {
              ...signTransactionForTest(transferFields({ to: bob.address, ...fee }), alice.privateKey).tx,
              r: 0n,
            },
          ],
        ),
      ],
    ),
    batchCase(
      "end",
      2,
      () => [],
      () => [block([], [signWith(alice, transferFields({ to: bob.address, ...fee }))])],
    ),
    batchCase(
      "noop (after the end)",
      3,
      () => [],
      () => [block([], [])],
    ),
  ];
}

/** Filler leaves beside each of `keys` at depths 0..depth-1, so that each key's path is `depth` deep. */
function deepen(state: L2State, keys: readonly Uint8Array[], depth: number, seed: number): void {
  const rng = createRng(seed);
  for (const key of keys) {
    for (let d = 0; d < depth; d++) {
      const filler = key.slice();
      const tail = rng.bytes(32);
      for (let bit = d + 1; bit < 256; bit++) {
        const mask = 0x80 >> (bit & 7);
        filler[bit >> 3] = (filler[bit >> 3]! & ~mask) | (tail[bit >> 3]! & mask);
      }
      filler[d >> 3]! ^= 0x80 >> (d & 7);
      state.tree.set(filler, rng.bytes(32));
    }
  }
}

/** Calldata gas of bytes under EIP-2028. */
function calldataGas(bytes: Uint8Array): bigint {
  let gas = 0n;
  for (const b of bytes) gas += b === 0 ? 4n : 16n;
  return gas;
}

type Row = {
  name: string;
  depth: number;
  reads: number;
  execution: bigint;
  calldata: bigint;
  chunkCalldata: bigint;
  total: bigint;
};

describe("StepVerifier gas", () => {
  it(`stays within ${TARGET} per step (batch data excluded) at proof depths up to 32`, async (t) => {
    const { viem } = await network.create();
    const caller = await deployBatchCaller(viem);
    const [wallet] = await viem.getWalletClients();
    const publicClient = await viem.getPublicClient();
    const rows: Row[] = [];
    for (const c of cases()) {
      const queue = await viem.deployContract("TestQueue");
      const hash = await wallet!.writeContract({
        address: queue.address,
        abi: testQueueAbi,
        functionName: "append",
        args: [c.queue.map((e) => bytesToHex(queueEntryHash(e)))],
      });
      await publicClient.waitForTransactionReceipt({ hash });
      const verifier = await deployStepVerifier(viem, {
        bridge: queue.address,
        chainId: TEST_CONFIG.chainId,
        feeVault: TEST_CONFIG.feeVault,
      });
      const touched = generateStepWitness(c.pre(), c.context, c.step).reads.map((r) => r.key);
      for (const depth of DEPTHS) {
        const pre = c.pre();
        deepen(pre, touched, depth, depth + 1);
        const witness: StepWitness = generateStepWitness(pre, c.context, c.step);
        const encoded = encodeStepWitness(witness);
        const ctx = createStepContext(witness, { queueLimit: c.context.queueLimit, queueStart: 2n });
        const [result] = await runSteps(caller, verifier.address, [{ ctx, witness: encoded }]);
        assert.ok(result?.ok, `${c.name} at depth ${depth}: ${result?.ok === false ? result.error : ""}`);
        const chunks = [witness.window, witness.feeWindow].flatMap((w) => w.chunks);
        const chunkCalldata = chunks.reduce((sum, chunk) => sum + calldataGas(chunk), 0n);
        const calldata = calldataGas(hexToBytes(encoded));
        rows.push({
          name: c.name,
          depth,
          reads: witness.reads.length,
          execution: result.gasUsed,
          calldata,
          chunkCalldata,
          total: result.gasUsed + calldata - chunkCalldata,
        });
      }
    }
    const lines = [
      `${"step".padEnd(58)} reads depth  execution  calldata (chunks)   total`,
      ...rows.map(
        (r) =>
          `${r.name.padEnd(58)} ${String(r.reads).padStart(5)} ${String(r.depth).padStart(5)} ${String(r.execution).padStart(10)} ${String(r.calldata).padStart(9)} (${String(r.chunkCalldata).padStart(6)}) ${String(r.total).padStart(7)}`,
      ),
    ];
    if (REPORT) console.log(lines.join("\n"));
    else
      t.diagnostic(
        `worst total at depth 32: ${rows.filter((r) => r.depth === 32).reduce((m, r) => (r.total > m ? r.total : m), 0n)}`,
      );
    for (const r of rows) {
      if (r.depth <= 32) assert.ok(r.total <= TARGET, `${r.name} at depth ${r.depth}: ${r.total} gas`);
    }
  });
});
