import { BATCH_HEADER_BYTES, FEE_ENTRY_BYTES } from "../codec/batchReader.ts";
import { chunkProof, computeChunkRoot } from "../codec/dataCommitment.ts";
import { DATA_CHUNK_BYTES } from "../constants.ts";
import { BaseError } from "../errors.ts";
import type { L2State } from "../state/l2State.ts";
import type { QueueEntry } from "../state/queueEntry.ts";
import type { StateHeader } from "../state/stateHeader.ts";
import { type BatchContext, BatchMachine, type StepResult } from "../stf/batchMachine.ts";
import { type Cursor, STATUS_START } from "../stf/cursor.ts";
import type { TreeProof } from "../tree/proof.ts";

export class WitnessError extends BaseError {
  override name = "WitnessError";
}

/** Consecutive data chunks, each with its Merkle path (bottom-up) to the chunk root. */
export type DataWindow = {
  readonly firstChunk: number;
  readonly chunks: readonly Uint8Array[];
  readonly proofs: readonly (readonly Uint8Array[])[];
};

/** A tree read of the step, with the proof against the root at that moment (docs/protocol.md §3.3). */
export type TreeRead = { readonly key: Uint8Array; readonly proof: TreeProof };

/** Everything the one-step verifier needs to re-execute step `stepIndex` (docs/protocol.md §8.2). */
export type StepWitness = {
  readonly stepIndex: number;
  readonly preHeader: StateHeader;
  readonly preCursor: Cursor;
  readonly chunkRoot: Uint8Array;
  readonly dataLength: number;
  /** Chunks covering what the step reads at the cursor's offset (and the batch header on the first step). */
  readonly window: DataWindow;
  /** Chunks covering the fee entry a transaction step uses; empty otherwise. */
  readonly feeWindow: DataWindow;
  readonly queueEntry?: QueueEntry;
  readonly reads: readonly TreeRead[];
  /** The withdrawals-tree frontier before an append, if the step appends. */
  readonly withdrawalFrontier?: readonly Uint8Array[];
  /** What the step yields, for tests and vectors. */
  readonly result: StepResult;
};

/** Upper bound of the bytes one block header or transaction record can span (kind 3 with 1,024 data bytes). */
export const MAX_UNIT_BYTES = 1200;

const EMPTY_WINDOW: DataWindow = { firstChunk: 0, chunks: [], proofs: [] };

/** The chunks that cover bytes [start, end) of the data, clipped to the data's length. */
export function dataWindow(data: Uint8Array, start: number, end: number): DataWindow {
  const clippedEnd = Math.min(end, data.length);
  if (start >= clippedEnd)
    return { firstChunk: Math.floor(start / DATA_CHUNK_BYTES), chunks: [], proofs: [] };
  const first = Math.floor(start / DATA_CHUNK_BYTES);
  const last = Math.floor((clippedEnd - 1) / DATA_CHUNK_BYTES);
  const chunks: Uint8Array[] = [];
  const proofs: Uint8Array[][] = [];
  for (let j = first; j <= last; j++) {
    chunks.push(data.slice(j * DATA_CHUNK_BYTES, Math.min((j + 1) * DATA_CHUNK_BYTES, data.length)));
    proofs.push(chunkProof(data, j));
  }
  return { firstChunk: first, chunks, proofs };
}

/**
 * Builds the witness of step `stepIndex` of a batch: replays steps 0 .. stepIndex-1 on `state` (the
 * batch's pre-state; changed in place), then runs step `stepIndex` while recording every tree read.
 */
export function generateStepWitness(state: L2State, context: BatchContext, stepIndex: number): StepWitness {
  const machine = new BatchMachine(state, context);
  for (let i = 0; i < stepIndex; i++) machine.step();
  return recordStep(machine, stepIndex);
}

/** The witnesses of steps 0 .. steps-1 of a batch, in one pass over it (`state` is changed in place). */
export function generateBatchWitnesses(state: L2State, context: BatchContext, steps: number): StepWitness[] {
  const machine = new BatchMachine(state, context);
  const out: StepWitness[] = [];
  for (let i = 0; i < steps; i++) out.push(recordStep(machine, i));
  return out;
}

/** Runs the machine's next step while recording what the one-step verifier needs to repeat it. */
export function recordStep(machine: BatchMachine, stepIndex: number): StepWitness {
  const { state, context } = machine;
  const preHeader = state.header();
  const preCursor = machine.cursor;
  const data = context.data;

  const reads: TreeRead[] = [];
  let withdrawalFrontier: Uint8Array[] | undefined;
  state.observer = {
    onRead(key) {
      reads.push({ key, proof: state.tree.prove(key) });
    },
    onWithdrawalAppend(frontier) {
      if (withdrawalFrontier !== undefined) throw new WitnessError("a step appends at most one withdrawal");
      withdrawalFrontier = frontier;
    },
  };
  let result: StepResult;
  try {
    result = machine.step();
  } finally {
    state.observer = undefined;
  }

  const start = preCursor.status === STATUS_START ? 0 : preCursor.offset;
  const readsData =
    result.kind === "block" || result.kind === "tx" || result.kind === "halt" || result.kind === "end";
  const unitEnd =
    preCursor.status === STATUS_START
      ? machine.cursor.offset + MAX_UNIT_BYTES
      : preCursor.offset + MAX_UNIT_BYTES;
  const window = readsData ? dataWindow(data, start, unitEnd) : EMPTY_WINDOW;
  let feeWindow = EMPTY_WINDOW;
  if (result.kind === "tx" || (result.kind === "halt" && preCursor.txLeft > 0n)) {
    const feeIndex = result.kind === "tx" ? result.record.feeIndex : feeIndexAt(data, preCursor.offset);
    if (feeIndex !== undefined) {
      const at = BATCH_HEADER_BYTES + FEE_ENTRY_BYTES * feeIndex;
      feeWindow = dataWindow(data, at, at + FEE_ENTRY_BYTES);
    }
  }
  return {
    stepIndex,
    preHeader,
    preCursor,
    chunkRoot: computeChunkRoot(data),
    dataLength: data.length,
    window,
    feeWindow,
    ...(result.kind === "queue" ? { queueEntry: result.entry } : {}),
    reads,
    ...(withdrawalFrontier === undefined ? {} : { withdrawalFrontier }),
    result,
  };
}

/** The fee index a record's tag names, if the tag (and its escape byte) are inside the data. */
function feeIndexAt(data: Uint8Array, offset: number): number | undefined {
  const tag = data[offset];
  if (tag === undefined) return undefined;
  const index = tag & 31;
  if (index !== 31) return index;
  return data[offset + 1];
}
