// Test helper: a proposer written for the verifier's tests (not the sequencer). It deposits through
// the real Bridge, builds batches with packages/protocol (the scenario encoder), appends them with
// appendBatch, and can lie: a lying batch mints ETH to the proposer after a chosen step, so its
// claimed root, and every step commitment from that step on, are wrong but self-consistent. It then
// defends the lie in a game with its own (wrong) commitments, as a real cheating proposer would.
import {
  type BatchRecord,
  bridgeAbi,
  disputeGameAbi,
  type L1PublicClient,
  rollupAbi,
  testAccountAbi,
} from "@halcyon/node-common";
import {
  type Address,
  BatchMachine,
  bytesToHex,
  type ChainConfig,
  createChainConfig,
  L2State,
  type QueueEntry,
  queueEntryDataHash,
  type SignedFields,
  type StateHeader,
  stateRootOf,
} from "@halcyon/protocol";
import { encodeFunctionData, type Hex, parseEventLogs, zeroHash } from "viem";
import { signWith, testWallet, transferFields } from "../../../packages/protocol/src/testing/fixtures.ts";
import {
  queueLookup,
  type ScenarioBlock,
  sequenceBatch,
} from "../../../packages/protocol/src/testing/scenario.ts";
import { readGame } from "../challenge/gameView.ts";
import { headerToAbi } from "../derive/batchRecord.ts";
import type { TestL1 } from "./testL1.ts";

/** After `afterStep` steps of the batch, the proposer credits itself `mint` wei that no one paid. */
export type Lie = { readonly afterStep: number; readonly mint: bigint };

export type ProposedBatch = {
  readonly data: Uint8Array;
  readonly steps: number;
  readonly queueLimit: bigint;
  readonly lie?: Lie;
  readonly record: BatchRecord;
  readonly recordHash: Hex;
  readonly header: StateHeader;
  /** The proposer's commitments c_0 .. c_steps (wrong from the lie on). */
  readonly commitments: readonly Uint8Array[];
  /** The honest post-state root (what a verifier computes). */
  readonly honestRoot: Uint8Array;
};

export type BlockPlan = { readonly txs: readonly SignedFields[] };

/** The account the lie credits. */
export const LIAR: Address = testWallet(99).address;

export class TestProposer {
  readonly l1: TestL1;
  readonly config: ChainConfig;
  #entries: QueueEntry[] = [];
  #batches: ProposedBatch[] = [];
  #nonces = new Map<number, bigint>();
  #timestamp = 1_800_000_000n;

  constructor(l1: TestL1) {
    this.l1 = l1;
    this.config = createChainConfig({
      chainId: l1.deployment.parameters.l2ChainId,
      feeVault: l1.deployment.parameters.feeVault,
    });
  }

  get batches(): readonly ProposedBatch[] {
    return this.#batches;
  }

  get entries(): readonly QueueEntry[] {
    return this.#entries;
  }

  /** Deposits `amount` wei through the Bridge for L2 wallet `to`; returns the entry it queued. */
  async depositEth(to: number, amount: bigint): Promise<QueueEntry> {
    const receipt = await this.l1.send(
      this.l1.depositor.writeContract({
        address: this.l1.deployment.addresses.bridge,
        abi: bridgeAbi,
        functionName: "depositETH",
        args: [testWallet(to).address],
        value: amount,
      }),
    );
    const [event] = parseEventLogs({ abi: bridgeAbi, eventName: "ETHDeposited", logs: receipt.logs });
    const entry: QueueEntry = {
      kind: "eth-deposit",
      queueIndex: event!.args.queueIndex,
      from: event!.args.from.toLowerCase() as Address,
      to: event!.args.to.toLowerCase() as Address,
      amount: event!.args.amount,
      l1Timestamp: event!.args.timestamp,
    };
    this.#entries.push(entry);
    return entry;
  }

  /** A signed ETH transfer between test wallets, with the sender's next nonce. */
  transfer(from: number, to: number, value: bigint): SignedFields {
    const nonce = this.#nonces.get(from) ?? 0n;
    this.#nonces.set(from, nonce + 1n);
    return signWith(testWallet(from), transferFields({ to: testWallet(to).address, value, nonce }));
  }

  /** Forgets nonces (after batches are dropped, the same transactions can be signed again). */
  resetNonces(nonces: ReadonlyMap<number, bigint> = new Map()): void {
    this.#nonces = new Map(nonces);
  }

  get nonces(): ReadonlyMap<number, bigint> {
    return new Map(this.#nonces);
  }

  /** The state after the live batches, replayed from genesis (lies included). */
  #stateAfter(batches: readonly ProposedBatch[]): L2State {
    const state = new L2State();
    for (const b of batches) this.#execute(state, b.data, b.steps, b.queueLimit, b.lie);
    return state;
  }

  #execute(state: L2State, data: Uint8Array, steps: number, queueLimit: bigint, lie?: Lie): Uint8Array[] {
    const machine = new BatchMachine(state, {
      data,
      queueLimit,
      config: this.config,
      queueEntry: queueLookup(this.#entries),
    });
    const commitments = [machine.commitment()];
    for (let i = 1; i <= steps; i++) {
      machine.step();
      if (lie !== undefined && i === lie.afterStep) state.creditEth(LIAR, lie.mint);
      commitments.push(machine.commitment());
    }
    return commitments;
  }

  /**
   * Builds a batch of `blocks` (the queue entries not yet applied go in the first block), appends it,
   * and returns it with the record the Rollup emitted.
   */
  async append(
    blocks: readonly BlockPlan[],
    options: { lie?: Lie; via?: Address } = {},
  ): Promise<ProposedBatch> {
    const pre = this.#stateAfter(this.#batches);
    const pending = this.#entries.slice(Number(pre.queueApplied));
    const plan: ScenarioBlock[] = blocks.map((block, i) => ({
      timestamp: this.#timestamp + BigInt(i),
      baseFee: 0n,
      queueEntries: i === 0 ? pending : [],
      txs: block.txs,
    }));
    this.#timestamp += BigInt(blocks.length + 1);
    const queueLimit = BigInt(this.#entries.length);
    const sequenced = sequenceBatch(pre, this.config, plan);
    const claimed = this.#stateAfter(this.#batches);
    const commitments = this.#execute(claimed, sequenced.data, sequenced.steps, queueLimit, options.lie);
    const header = claimed.header();
    const parent = this.#batches.at(-1)?.record.stateRoot ?? this.l1.deployment.genesis.record.stateRoot;
    const next = this.#entries[Number(header.queueApplied)];
    const nextEntry =
      next === undefined
        ? { dataHash: zeroHash, timestamp: 0n }
        : { dataHash: bytesToHex(queueEntryDataHash(next)), timestamp: next.l1Timestamp };
    const call = {
      address: this.l1.deployment.addresses.rollup,
      abi: rollupAbi,
      functionName: "appendBatch",
      args: [bytesToHex(sequenced.data), BigInt(sequenced.steps), headerToAbi(header), parent, nextEntry],
    } as const;
    // Directly, or through a forwarding contract (TestAccount.execute) that is the Rollup's sequencer.
    const receipt = await this.l1.send(
      options.via === undefined
        ? this.l1.sequencer.writeContract(call)
        : this.l1.sequencer.writeContract({
            address: options.via,
            abi: testAccountAbi,
            functionName: "execute",
            args: [call.address, encodeFunctionData(call)],
          }),
    );
    const [event] = parseEventLogs({ abi: rollupAbi, eventName: "BatchAppended", logs: receipt.logs });
    const batch: ProposedBatch = {
      data: sequenced.data,
      steps: sequenced.steps,
      queueLimit,
      ...(options.lie === undefined ? {} : { lie: options.lie }),
      record: { ...event!.args.record },
      recordHash: event!.args.recordHash,
      header,
      commitments,
      honestRoot: sequenced.stateRoot,
    };
    if (bytesToHex(stateRootOf(header)) !== batch.record.stateRoot) throw new Error("claimed root mismatch");
    this.#batches.push(batch);
    return batch;
  }

  /** Drops batches from `index` on (a lost game deleted them, or an L1 revert removed them). */
  dropFrom(index: bigint): void {
    this.#batches = this.#batches.filter((b) => b.record.index < index);
  }

  /** Forgets queue entries from `length` on (an L1 revert removed them). */
  truncateQueue(length: number): void {
    this.#entries = this.#entries.slice(0, length);
  }

  /** Bonds the proposer again (a lost game slashed it). */
  async bond(): Promise<void> {
    await this.l1.send(
      this.l1.sequencer.writeContract({
        address: this.l1.deployment.addresses.rollup,
        abi: rollupAbi,
        functionName: "depositBond",
        value: this.l1.deployment.parameters.proposerBond,
      }),
    );
  }

  /**
   * Makes the proposer's move in a game if one is owed: reveals its own commitment at the midpoint.
   * Returns what it found.
   */
  async defend(gameId: bigint, batch: ProposedBatch): Promise<"revealed" | "waiting" | "over"> {
    const client = this.l1.publicClient as unknown as L1PublicClient;
    const game = await readGame(client, this.l1.deployment.addresses.disputeGame, gameId);
    if (game.status !== "in-progress") return "over";
    if (game.mover !== "proposer") return "waiting";
    const mid = Math.floor((game.lo + game.hi) / 2);
    await this.l1.send(
      this.l1.sequencer.writeContract({
        address: this.l1.deployment.addresses.disputeGame,
        abi: disputeGameAbi,
        functionName: "revealMidpoint",
        args: [gameId, bytesToHex(batch.commitments[mid]!)],
      }),
    );
    return "revealed";
  }
}
