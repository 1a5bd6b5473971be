import type { L2State } from "../state/l2State.ts";
import { type BatchContext, BatchMachine, type StepResult } from "./batchMachine.ts";
import type { Cursor } from "./cursor.ts";

export type BatchExecution = {
  readonly results: StepResult[];
  readonly cursor: Cursor;
  readonly stateRoot: Uint8Array;
};

/**
 * Runs a batch of `steps` steps on `state` (changed in place) and returns each step's result and the
 * post-state root: the whole state transition of one batch (docs/protocol.md §6.4).
 */
export function executeBatch(state: L2State, context: BatchContext, steps: number): BatchExecution {
  const machine = new BatchMachine(state, context);
  const results: StepResult[] = [];
  for (let i = 0; i < steps; i++) results.push(machine.step());
  return { results, cursor: machine.cursor, stateRoot: state.stateRoot() };
}

/**
 * The step commitments c_0 .. c_steps of a batch (docs/protocol.md §8.1), from the parent's
 * post-state (changed in place to the batch's post-state). The last one is the state root's
 * commitment with the final cursor; the L1 game compares step `steps` by state root alone.
 */
export function stepCommitments(state: L2State, context: BatchContext, steps: number): Uint8Array[] {
  const machine = new BatchMachine(state, context);
  const out: Uint8Array[] = [machine.commitment()];
  for (let i = 0; i < steps; i++) {
    machine.step();
    out.push(machine.commitment());
  }
  return out;
}
