import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { type Address, bytesToHex, hexToBytes } from "../bytes.ts";
import { decodeBatch } from "../codec/decodeBatch.ts";
import type { TxRecord } from "../codec/types.ts";
import { GAS_TOKEN_CALL, GAS_WITHDRAWAL, L2_BRIDGE_ADDRESS, MIN_BASE_FEE } from "../constants.ts";
import type { L2State } from "../state/l2State.ts";
import type { QueueEntry } from "../state/queueEntry.ts";
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
} from "../testing/fixtures.ts";
import { queueLookup, type ScenarioBlock, sequenceBatch } from "../testing/scenario.ts";
import { l2TokenAddress } from "../tokenAddress.ts";
import { applyQueueEntry } from "./applyQueueEntry.ts";
import type { SignedFields } from "./applyTransaction.ts";
import { type BatchContext, BatchMachine } from "./batchMachine.ts";
import { STATUS_ENDED, STATUS_HALTED } from "./cursor.ts";
import { executeBatch, stepCommitments } from "./executeBatch.ts";

const FUNDED = 6;
const L1_TOKEN: Address = "0x00000000000000000000000000000000000070c1";
const TOKEN = l2TokenAddress(L1_TOKEN);

/** The pre-state every scenario starts from: wallets 0..5 funded, wallet 0 holding tokens. */
function preState(): { state: L2State; entries: QueueEntry[] } {
  const state = fundedState(
    Array.from({ length: FUNDED }, (_, i) => [testWallet(i).address, 10n * ONE_ETH] as const),
  );
  const entries: QueueEntry[] = Array.from({ length: FUNDED }, (_, i) =>
    ethDeposit(BigInt(i), testWallet(i).address, 10n * ONE_ETH),
  );
  const tokenEntry = erc20Deposit(BigInt(FUNDED), testWallet(0).address, L1_TOKEN, 1_000_000n);
  entries.push(tokenEntry);
  applyQueueEntry(state, tokenEntry, TEST_CONFIG);
  return { state, entries };
}

type Op =
  | { t: "transfer"; from: number; to: number; value: bigint; legacy: boolean }
  | { t: "badNonce"; from: number; to: number }
  | { t: "tooExpensive"; from: number }
  | { t: "withdraw"; from: number; value: bigint }
  | { t: "tokenTransfer"; from: number; to: number; amount: bigint }
  | { t: "tokenWithdraw"; from: number; amount: bigint }
  | { t: "dataCall"; from: number; to: number };

type QueueOp =
  | { t: "deposit"; to: number; amount: bigint }
  | { t: "tokenDeposit"; to: number; amount: bigint }
  | { t: "forced"; from: number; to: number; value: bigint; badNonce: boolean };

const wallet = fc.integer({ min: 0, max: FUNDED - 1 });
const anyone = fc.integer({ min: 0, max: 12 }); // 6..12 are new accounts
const amount = fc.oneof(
  fc.bigInt({ min: 0n, max: 10n ** 17n }),
  fc.constantFrom(0n, 10n ** 16n, 5n * 10n ** 15n),
);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      t: fc.constant("transfer" as const),
      from: wallet,
      to: anyone,
      value: amount,
      legacy: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("badNonce" as const), from: wallet, to: anyone }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("tooExpensive" as const), from: wallet }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("withdraw" as const), from: wallet, value: amount }) },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant("tokenTransfer" as const),
      from: wallet,
      to: anyone,
      amount: fc.bigInt({ min: 0n, max: 2_000_000n }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant("tokenWithdraw" as const),
      from: wallet,
      amount: fc.bigInt({ min: 0n, max: 500_000n }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("dataCall" as const), from: wallet, to: anyone }) },
);
const queueOpArb: fc.Arbitrary<QueueOp> = fc.oneof(
  fc.record({ t: fc.constant("deposit" as const), to: anyone, amount: fc.bigInt({ min: 1n, max: ONE_ETH }) }),
  fc.record({
    t: fc.constant("tokenDeposit" as const),
    to: anyone,
    amount: fc.bigInt({ min: 1n, max: 10n ** 6n }),
  }),
  fc.record({
    t: fc.constant("forced" as const),
    from: wallet,
    to: anyone,
    value: amount,
    badNonce: fc.boolean(),
  }),
);
const blockArb = fc.record({
  queue: fc.array(queueOpArb, { maxLength: 3 }),
  ops: fc.array(opArb, { maxLength: 12 }),
  baseFee: fc.constantFrom(0n, MIN_BASE_FEE, 3n * GWEI),
});

function word(v: bigint): string {
  return v.toString(16).padStart(64, "0");
}

/** Turns generated ops into signed transactions and queue entries, tracking nonces as the ops expect. */
function buildBlocks(plan: { queue: QueueOp[]; ops: Op[]; baseFee: bigint }[], firstQueueIndex: bigint) {
  const nonces = new Map<number, bigint>();
  const next = (i: number) => nonces.get(i) ?? 0n;
  const bump = (i: number) => nonces.set(i, next(i) + 1n);
  const entries: QueueEntry[] = [];
  let queueIndex = firstQueueIndex;
  const blocks: ScenarioBlock[] = plan.map((b, blockNumber) => {
    const queueEntries: QueueEntry[] = b.queue.map((q) => {
      const index = queueIndex++;
      if (q.t === "deposit") return ethDeposit(index, testWallet(q.to).address, q.amount);
      if (q.t === "tokenDeposit") return erc20Deposit(index, testWallet(q.to).address, L1_TOKEN, q.amount);
      const nonce = q.badNonce ? next(q.from) + 7n : next(q.from);
      if (!q.badNonce) bump(q.from);
      const tx = signWith(
        testWallet(q.from),
        transferFields({
          to: testWallet(q.to).address,
          nonce,
          value: q.value,
          maxFeePerGas: 4n * GWEI,
          maxPriorityFeePerGas: 0n,
        }),
      );
      return {
        kind: "forced-transaction",
        queueIndex: index,
        from: testWallet(q.from).address,
        l1Timestamp: index,
        tx,
      };
    });
    entries.push(...queueEntries);
    const txs: SignedFields[] = b.ops.map((op): SignedFields => {
      const w = testWallet(op.from);
      const base = { maxFeePerGas: 4n * GWEI, maxPriorityFeePerGas: GWEI };
      switch (op.t) {
        case "transfer": {
          const fields = op.legacy
            ? transferFields({
                to: testWallet(op.to).address,
                nonce: next(op.from),
                value: op.value,
                type: 0,
                maxFeePerGas: 4n * GWEI,
                maxPriorityFeePerGas: 4n * GWEI,
              })
            : transferFields({
                to: testWallet(op.to).address,
                nonce: next(op.from),
                value: op.value,
                ...base,
              });
          bump(op.from);
          return signWith(w, fields);
        }
        case "badNonce":
          return signWith(
            w,
            transferFields({ to: testWallet(op.to).address, nonce: next(op.from) + 1n, ...base }),
          );
        case "tooExpensive":
          return signWith(
            w,
            transferFields({ to: w.address, nonce: next(op.from), value: 100n * ONE_ETH, ...base }),
          );
        case "withdraw": {
          const tx = signWith(
            w,
            transferFields({
              to: L2_BRIDGE_ADDRESS,
              nonce: next(op.from),
              value: op.value,
              gasLimit: GAS_WITHDRAWAL,
              ...base,
            }),
          );
          bump(op.from);
          return tx;
        }
        case "tokenTransfer": {
          const data = hexToBytes(`0xa9059cbb${word(BigInt(testWallet(op.to).address))}${word(op.amount)}`);
          const tx = signWith(
            w,
            transferFields({
              to: TOKEN,
              nonce: next(op.from),
              data,
              gasLimit: GAS_TOKEN_CALL + 16n * 68n,
              ...base,
            }),
          );
          bump(op.from);
          return tx;
        }
        case "tokenWithdraw": {
          const data = hexToBytes(`0x2e1a7d4d${word(op.amount)}`);
          const tx = signWith(
            w,
            transferFields({
              to: TOKEN,
              nonce: next(op.from),
              data,
              gasLimit: GAS_TOKEN_CALL + 16n * 36n,
              ...base,
            }),
          );
          bump(op.from);
          return tx;
        }
        default: {
          const tx = signWith(
            w,
            transferFields({
              to: testWallet(op.to).address,
              nonce: next(op.from),
              data: new Uint8Array([1, 2, 3, 4, 5]),
              gasLimit: 30_000n,
              ...base,
            }),
          );
          bump(op.from);
          return tx;
        }
      }
    });
    return { timestamp: 1_800_000_000n + BigInt(blockNumber), baseFee: b.baseFee, queueEntries, txs };
  });
  return { blocks, entries };
}

function replayContext(data: Uint8Array, entries: QueueEntry[]): BatchContext {
  return { data, queueLimit: BigInt(entries.length), config: TEST_CONFIG, queueEntry: queueLookup(entries) };
}

describe("batch machine", () => {
  test("replaying the batch data reaches the sequencer's state root, step by step outcomes included", () => {
    fc.assert(
      fc.property(fc.array(blockArb, { minLength: 1, maxLength: 3 }), (plan) => {
        const pre = preState();
        const { blocks, entries } = buildBlocks(plan, BigInt(pre.entries.length));
        const allEntries = [...pre.entries, ...entries];
        const sequenced = sequenceBatch(pre.state, TEST_CONFIG, blocks);

        const replay = preState().state;
        const execution = executeBatch(replay, replayContext(sequenced.data, allEntries), sequenced.steps);
        assert.equal(bytesToHex(execution.stateRoot), bytesToHex(sequenced.stateRoot));
        const replayedTxs = execution.results.filter((r) => r.kind === "tx");
        const sequencedTxs = sequenced.blocks.flatMap((b) => b.included);
        assert.equal(replayedTxs.length, sequencedTxs.length);
        replayedTxs.forEach((r, i) => {
          assert.equal(r.kind === "tx" && r.outcome.status, sequencedTxs[i]!.outcome.status);
        });
        assert.equal(execution.results.filter((r) => r.kind === "block").length, blocks.length);
        assert.equal(replay.withdrawals.count, pre.state.withdrawals.count);

        // Records decoded in advance (as the verifier's pre-recovery pass hands them over) change nothing.
        const records = new Map<number, TxRecord>();
        for (const block of decodeBatch(sequenced.data).blocks) {
          let offset = block.header.next;
          for (const record of block.txs) {
            records.set(offset, record);
            offset = record.next;
          }
        }
        const context = {
          ...replayContext(sequenced.data, allEntries),
          recordAt: (o: number) => records.get(o),
        };
        const prepared = executeBatch(preState().state, context, sequenced.steps);
        assert.equal(bytesToHex(prepared.stateRoot), bytesToHex(sequenced.stateRoot));
      }),
      { numRuns: 25, seed: 20261121 },
    );
  });

  test("steps past the end of the data are no-ops, and a short step count stops early", () => {
    const pre = preState();
    const { blocks, entries } = buildBlocks(
      [
        { queue: [], ops: [{ t: "transfer", from: 1, to: 2, value: 5n, legacy: false }], baseFee: 0n },
        { queue: [], ops: [{ t: "transfer", from: 1, to: 3, value: 6n, legacy: false }], baseFee: 0n },
      ],
      BigInt(pre.entries.length),
    );
    const allEntries = [...pre.entries, ...entries];
    const sequenced = sequenceBatch(pre.state, TEST_CONFIG, blocks);
    assert.equal(sequenced.steps, 4);

    const long = executeBatch(
      preState().state,
      replayContext(sequenced.data, allEntries),
      sequenced.steps + 5,
    );
    assert.equal(bytesToHex(long.stateRoot), bytesToHex(sequenced.stateRoot));
    assert.equal(long.cursor.status, STATUS_ENDED);
    assert.deepEqual(
      long.results.slice(4).map((r) => r.kind),
      ["end", "noop", "noop", "noop", "noop"],
    );

    const short = executeBatch(preState().state, replayContext(sequenced.data, allEntries), 2);
    assert.equal(bytesToHex(short.stateRoot), bytesToHex(sequenced.blocks[0]!.stateRoot));
  });

  test("malformed data halts decoding: later steps are no-ops and nothing after the fault applies", () => {
    const pre = preState();
    const { blocks, entries } = buildBlocks(
      [
        {
          queue: [],
          ops: [
            { t: "transfer", from: 1, to: 2, value: 5n, legacy: false },
            { t: "transfer", from: 1, to: 8, value: 5n, legacy: false },
          ],
          baseFee: 0n,
        },
      ],
      BigInt(pre.entries.length),
    );
    const sequenced = sequenceBatch(pre.state, TEST_CONFIG, blocks);
    // Cut the last record's signature short: the second transaction becomes malformed.
    const truncated = sequenced.data.slice(0, sequenced.data.length - 10);
    const machine = new BatchMachine(
      preState().state,
      replayContext(truncated, [...pre.entries, ...entries]),
    );
    const kinds = [machine.step(), machine.step(), machine.step(), machine.step()].map((r) => r.kind);
    assert.deepEqual(kinds, ["block", "tx", "halt", "noop"]);
    assert.equal(machine.cursor.status, STATUS_HALTED);
    assert.equal(machine.state.peekAccount(testWallet(1).address).nonce, 1n);
    assert.equal(machine.state.peekAccount(testWallet(8).address).index, 0n);
  });

  test("a block applies at most the queue entries that were on L1 when the batch was appended", () => {
    const pre = preState();
    const { blocks, entries } = buildBlocks(
      [
        {
          queue: [
            { t: "deposit", to: 9, amount: 5n },
            { t: "deposit", to: 10, amount: 6n },
          ],
          ops: [],
          baseFee: 0n,
        },
      ],
      BigInt(pre.entries.length),
    );
    const sequenced = sequenceBatch(pre.state, TEST_CONFIG, blocks);
    const all = [...pre.entries, ...entries];
    const context = { ...replayContext(sequenced.data, all), queueLimit: BigInt(all.length - 1) };
    const state = preState().state;
    const result = executeBatch(state, context, sequenced.steps);
    assert.deepEqual(
      result.results.map((r) => r.kind),
      ["block", "queue", "end"],
    );
    assert.equal(state.queueApplied, BigInt(all.length - 1));
    assert.equal(state.peekAccount(testWallet(10).address).balance, 0n);
  });

  test("step commitments change with every step that changes the machine state", () => {
    const pre = preState();
    const { blocks, entries } = buildBlocks(
      [{ queue: [], ops: [{ t: "transfer", from: 1, to: 2, value: 5n, legacy: false }], baseFee: 0n }],
      BigInt(pre.entries.length),
    );
    const sequenced = sequenceBatch(pre.state, TEST_CONFIG, blocks);
    const commitments = stepCommitments(
      preState().state,
      replayContext(sequenced.data, [...pre.entries, ...entries]),
      4,
    ).map(bytesToHex);
    // block, tx, end, noop: the last step changes nothing.
    assert.equal(new Set(commitments.slice(0, 4)).size, 4);
    assert.equal(commitments[4], commitments[3]);
  });
});
