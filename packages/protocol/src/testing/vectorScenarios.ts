import type { Address } from "../bytes.ts";
import { GAS_TOKEN_CALL, GAS_WITHDRAWAL, L2_BRIDGE_ADDRESS } from "../constants.ts";
import type { L2State } from "../state/l2State.ts";
import type { QueueEntry } from "../state/queueEntry.ts";
import type { BatchContext } from "../stf/batchMachine.ts";
import { l2TokenAddress } from "../tokenAddress.ts";
import { SECP256K1_N } from "../tx/transaction.ts";
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
} from "./fixtures.ts";
import { queueLookup, sequenceBatch } from "./scenario.ts";

// The batches behind the golden vectors in test/vectors/: together their steps cover every kind of
// step and outcome of docs/protocol.md §3 and §6.4, each batch from a fixed pre-state.

export type VectorScenario = {
  readonly name: string;
  /** Builds the batch's pre-state afresh (the state transition changes it in place). */
  readonly preState: () => L2State;
  readonly context: BatchContext;
  readonly steps: number;
};

const L1_TOKEN: Address = "0x00000000000000000000000000000000000070c1";
const TOKEN = l2TokenAddress(L1_TOKEN);
const alice = testWallet(1);
const bob = testWallet(2);

function word(value: bigint): string {
  return value.toString(16).padStart(64, "0");
}

function transferData(to: Address, amount: bigint): Uint8Array {
  return Buffer.from(`a9059cbb${word(BigInt(to))}${word(amount)}`, "hex");
}

function basePre(): { state: L2State; entries: QueueEntry[] } {
  const state = fundedState([
    [alice.address, 10n * ONE_ETH],
    [bob.address, ONE_ETH],
  ]);
  return {
    state,
    entries: [ethDeposit(0n, alice.address, 10n * ONE_ETH), ethDeposit(1n, bob.address, ONE_ETH)],
  };
}

function build(
  name: string,
  queued: (first: bigint) => QueueEntry[],
  txs: Parameters<typeof sequenceBatch>[2][number]["txs"],
  tail: (data: Uint8Array) => Uint8Array = (d) => d,
  extraSteps = 2,
): VectorScenario {
  const first = basePre();
  const entries = [...first.entries, ...queued(BigInt(first.entries.length))];
  const blocks = [
    { timestamp: 1_800_000_000n, baseFee: GWEI, queueEntries: entries.slice(first.entries.length), txs },
  ];
  const sequenced = sequenceBatch(first.state, TEST_CONFIG, blocks, { includeInvalid: true });
  const data = tail(sequenced.data);
  return {
    name,
    preState: () => basePre().state,
    context: {
      data,
      queueLimit: BigInt(entries.length),
      config: TEST_CONFIG,
      queueEntry: queueLookup(entries),
    },
    steps: sequenced.steps + extraSteps,
  };
}

export function vectorScenarios(): VectorScenario[] {
  const fee = { maxFeePerGas: 3n * GWEI, maxPriorityFeePerGas: GWEI };
  return [
    build("transfers-and-withdrawals", () => [], [
      signWith(alice, transferFields({ to: bob.address, value: 3n * 10n ** 17n, ...fee })),
      signWith(alice, transferFields({ to: testWallet(50).address, value: 0n, nonce: 1n, ...fee })),
      signWith(
        alice,
        transferFields({
          to: alice.address,
          value: 5n,
          nonce: 2n,
          ...fee,
          type: 0,
          maxPriorityFeePerGas: 3n * GWEI,
        }),
      ),
      signWith(
        alice,
        transferFields({
          to: L2_BRIDGE_ADDRESS,
          value: ONE_ETH,
          nonce: 3n,
          gasLimit: GAS_WITHDRAWAL,
          ...fee,
        }),
      ),
      signWith(
        alice,
        transferFields({ to: L2_BRIDGE_ADDRESS, value: 0n, nonce: 4n, gasLimit: GAS_WITHDRAWAL, ...fee }),
      ),
      signWith(
        bob,
        transferFields({
          to: alice.address,
          value: 1n,
          data: new Uint8Array([1, 2]),
          gasLimit: 21_032n,
          ...fee,
        }),
      ),
    ]),
    build("invalid-transactions", () => [], [
      signWith(alice, transferFields({ to: bob.address, nonce: 7n, ...fee })),
      signWith(alice, transferFields({ to: bob.address, value: 100n * ONE_ETH, ...fee })),
      signWith(alice, transferFields({ to: bob.address, gasLimit: 20_000n, ...fee })),
      signWith(alice, transferFields({ to: bob.address, maxFeePerGas: GWEI - 1n, maxPriorityFeePerGas: 0n })),
      { ...signWith(alice, transferFields({ to: bob.address, ...fee })), s: SECP256K1_N - 1n },
      signWith(testWallet(60), transferFields({ to: bob.address, ...fee })),
    ]),
    build(
      "queue-entries",
      (first) => [
        ethDeposit(first, testWallet(70).address, 5n * 10n ** 16n),
        erc20Deposit(first + 1n, bob.address, L1_TOKEN, 1_000_000n),
        erc20Deposit(first + 2n, testWallet(71).address, L1_TOKEN, 5n),
        {
          kind: "forced-transaction",
          queueIndex: first + 3n,
          from: alice.address,
          l1Timestamp: 1_800_000_000n,
          tx: signWith(
            alice,
            transferFields({ to: bob.address, value: 9n, maxFeePerGas: GWEI, maxPriorityFeePerGas: 0n }),
          ),
        },
        {
          kind: "forced-transaction",
          queueIndex: first + 4n,
          from: bob.address,
          l1Timestamp: 1_800_000_000n,
          tx: signWith(bob, transferFields({ to: alice.address, nonce: 5n })),
        },
      ],
      [
        signWith(
          bob,
          transferFields({
            to: TOKEN,
            data: transferData(alice.address, 400n),
            gasLimit: GAS_TOKEN_CALL + 1088n,
            ...fee,
          }),
        ),
        signWith(
          bob,
          transferFields({
            to: TOKEN,
            nonce: 1n,
            data: transferData(alice.address, 10n ** 9n),
            gasLimit: GAS_TOKEN_CALL + 1088n,
            ...fee,
          }),
        ),
        signWith(
          bob,
          transferFields({
            to: TOKEN,
            nonce: 2n,
            data: Buffer.from(`2e1a7d4d${word(100n)}`, "hex"),
            gasLimit: GAS_TOKEN_CALL + 576n,
            ...fee,
          }),
        ),
        signWith(
          bob,
          transferFields({
            to: TOKEN,
            nonce: 3n,
            data: Buffer.from("095ea7b3", "hex"),
            gasLimit: GAS_TOKEN_CALL + 64n,
            ...fee,
          }),
        ),
      ],
    ),
    build(
      "malformed-tail",
      () => [],
      [
        signWith(alice, transferFields({ to: bob.address, value: 1n, ...fee })),
        signWith(alice, transferFields({ to: bob.address, value: 2n, nonce: 1n, ...fee })),
      ],
      (data) => data.slice(0, data.length - 5),
    ),
  ];
}
