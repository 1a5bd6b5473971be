// The L2 chain as the proposer builds it and a verifier replays it, over packages/protocol alone: the queue
// entries the Bridge stored, the live batches, and a replay from genesis that gives any batch's pre-state,
// its step commitments c_0 .. c_N, its post-state header and the witness of any of its steps.
//
// A view may lie. A Lie credits 1 ETH out of nowhere to an account right after step k of a batch: that
// view's commitments are honest up to c_{k-1} and differ from c_k on, and so do its state roots from then
// on (later batches included). A lying proposer claims such a view; a wrong challenger answers from one.

import {
  type Address,
  BaseError,
  type BatchContext,
  BatchMachine,
  type ChainConfig,
  equalBytes,
  generateStepWitness,
  L2State,
  type QueueEntry,
  type StateHeader,
  type StepWitness,
  stateRootOf,
} from "../../../packages/protocol/src/index.ts";
import { ONE_ETH } from "../../../packages/protocol/src/testing/fixtures.ts";
import {
  queueLookup,
  type ScenarioBlock,
  sequenceBatch,
} from "../../../packages/protocol/src/testing/scenario.ts";

export class ChainModelError extends BaseError {
  override name = "ChainModelError";
}

/** The wei a Lie credits. */
export const LIE_AMOUNT = ONE_ETH;

/**
 * From step `fromStep` of batch `batch` on (1 <= fromStep <= steps: the state after that many steps), the
 * view holds LIE_AMOUNT more for `beneficiary`, which should already have an account (so that the lie
 * changes one balance and nothing else).
 */
export type Lie = { readonly batch: number; readonly fromStep: number; readonly beneficiary: Address };

/** What the state transition needs of a batch besides the chain before it. */
export type ModelBatch = { readonly data: Uint8Array; readonly steps: number; readonly queueLimit: bigint };

/** A batch sequenced on the honest chain, ready to append. */
export type SequencedCandidate = {
  readonly data: Uint8Array;
  readonly steps: number;
  readonly header: StateHeader;
  /** Transactions encoded although invalid (only with includeInvalid). */
  readonly invalid: number;
};

export class ChainModel {
  readonly config: ChainConfig;
  readonly #entries: QueueEntry[] = [];
  /** #batches[i] is batch i + 1; batch 0 is genesis. */
  readonly #batches: ModelBatch[] = [];

  constructor(config: ChainConfig) {
    this.config = config;
  }

  get entries(): readonly QueueEntry[] {
    return this.#entries;
  }

  /** Batches including genesis: the index the next batch gets. */
  get batchCount(): number {
    return this.#batches.length + 1;
  }

  batch(index: number): ModelBatch {
    const batch = this.#batches[index - 1];
    if (batch === undefined) throw new ChainModelError("no such batch", { details: { index } });
    return batch;
  }

  /** Adds queue entries read from the Bridge; they must continue the queue. */
  addEntries(entries: readonly QueueEntry[]): void {
    for (const entry of entries) {
      if (entry.queueIndex !== BigInt(this.#entries.length)) {
        throw new ChainModelError("queue entries out of order", {
          details: { queueIndex: entry.queueIndex },
        });
      }
      this.#entries.push(entry);
    }
  }

  /** Records a batch appended on L1; returns its index. */
  push(batch: ModelBatch): number {
    this.#batches.push(batch);
    return this.#batches.length;
  }

  /** A lost game deleted batch `index` and every later one. */
  deleteFrom(index: number): void {
    if (index < 1 || index > this.#batches.length) {
      throw new ChainModelError("no such batch", { details: { index } });
    }
    this.#batches.length = index - 1;
  }

  context(index: number): BatchContext {
    const batch = this.batch(index);
    return {
      data: batch.data,
      queueLimit: batch.queueLimit,
      config: this.config,
      queueEntry: queueLookup(this.#entries),
    };
  }

  /** The state before batch `index` (after batches 1 .. index - 1) in the view with `lies`. */
  stateBefore(index: number, lies: readonly Lie[] = []): L2State {
    if (index < 1 || index > this.batchCount)
      throw new ChainModelError("no such batch", { details: { index } });
    const state = new L2State();
    for (let i = 1; i < index; i++) this.#run(state, i, lies);
    return state;
  }

  /** Runs batch `index` on `state` (its pre-state), applying the lies; returns c_0 .. c_N if asked. */
  #run(state: L2State, index: number, lies: readonly Lie[], commitments?: Uint8Array[]): void {
    const { steps } = this.batch(index);
    const here = lies.filter((lie) => lie.batch === index);
    for (const lie of here) {
      if (lie.fromStep < 1 || lie.fromStep > steps) {
        throw new ChainModelError("a lie starts at a step of the batch", { details: { ...lie } });
      }
    }
    const machine = new BatchMachine(state, this.context(index));
    commitments?.push(machine.commitment());
    for (let step = 1; step <= steps; step++) {
      machine.step();
      for (const lie of here) if (lie.fromStep === step) state.creditEth(lie.beneficiary, LIE_AMOUNT);
      commitments?.push(machine.commitment());
    }
  }

  /** c_0 .. c_N of batch `index` in the view with `lies`. */
  commitments(index: number, lies: readonly Lie[] = []): Uint8Array[] {
    const state = this.stateBefore(index, lies);
    const out: Uint8Array[] = [];
    this.#run(state, index, lies, out);
    return out;
  }

  /** The post-state header of batch `index` in the view with `lies`. */
  postHeader(index: number, lies: readonly Lie[] = []): StateHeader {
    const state = this.stateBefore(index, lies);
    this.#run(state, index, lies);
    return state.header();
  }

  /** The honest witness of step `step` (the transition `step` -> `step + 1`) of batch `index`. */
  witness(index: number, step: number): StepWitness {
    return generateStepWitness(this.stateBefore(index), this.context(index), step);
  }

  /** Hands out the nonces the honest chain's head expects, address by address, for new transactions. */
  nonceCounter(): (address: Address) => bigint {
    const head = this.stateBefore(this.batchCount);
    const next = new Map<Address, bigint>();
    return (address) => {
      const nonce = next.get(address) ?? head.peekAccount(address).nonce;
      next.set(address, nonce + 1n);
      return nonce;
    };
  }

  /** The queue entries the honest chain has not applied yet. */
  pendingEntries(): QueueEntry[] {
    const applied = Number(this.stateBefore(this.batchCount).queueApplied);
    return this.#entries.slice(applied);
  }

  /**
   * Sequences `blocks` on the honest chain's head as the next batch (not recorded: push it once appended).
   * The queue limit is the number of entries known, which must be the Bridge's queue length at the append.
   */
  sequence(blocks: readonly ScenarioBlock[], options: { includeInvalid?: boolean } = {}): SequencedCandidate {
    const index = this.batchCount;
    const state = this.stateBefore(index);
    const sequenced = sequenceBatch(state, this.config, blocks, options);
    const header = state.header();
    // The replay of the encoded data must reach the sequencer's state (a check of the model itself).
    this.#batches.push({
      data: sequenced.data,
      steps: sequenced.steps,
      queueLimit: BigInt(this.#entries.length),
    });
    try {
      if (!equalBytes(stateRootOf(this.postHeader(index)), stateRootOf(header))) {
        throw new ChainModelError("the replay of a sequenced batch differs from its sequencing");
      }
    } finally {
      this.#batches.pop();
    }
    return {
      data: sequenced.data,
      steps: sequenced.steps,
      header,
      invalid: sequenced.blocks.reduce((n, b) => n + b.dropped, 0),
    };
  }
}
