import {
  applyTransaction,
  type BatchContext,
  BatchMachine,
  type ChainConfig,
  type L2State,
  type StateHeader,
  type StepResult,
} from "@halcyon/protocol";
import { FaultError } from "./faultErrors.ts";
import { FaultyState } from "./faultyState.ts";
import type { Lie } from "./lie.ts";

/** Picks the lie while the batch runs: called after each protocol step with its result. */
export type LieChooser = (step: number, result: StepResult, state: FaultyState) => Lie | undefined;

/** The lying execution of a batch: its post-state and the lie it told (none if no step qualified). */
export type LyingOutcome = {
  readonly header: StateHeader;
  readonly stateRoot: Uint8Array;
  readonly lie: Lie | undefined;
};

/** Arms the lies that happen inside a step (before it runs). */
function beforeStep(state: FaultyState, lie: Lie): void {
  if (lie.kind !== "withdrawal-leaf") return;
  state.rewriteWithdrawal = (leaf) => ({
    ...leaf,
    l1Recipient: lie.l1Recipient,
    amount: leaf.amount + lie.amountDelta,
  });
}

function txOf(result: StepResult, lie: Lie) {
  if (result.kind !== "tx" || result.tx === undefined) {
    throw new FaultError(`the lie '${lie.kind}' needs a transaction at step ${lie.step}`, {
      details: { step: lie.step, got: result.kind },
    });
  }
  return result.tx;
}

/** What the liar does after the protocol's step `lie.step` (whose result is `result`). */
function afterStep(machine: BatchMachine, result: StepResult, lie: Lie, config: ChainConfig): void {
  const state = machine.state;
  switch (lie.kind) {
    case "credit":
      state.creditEth(lie.account, lie.amount);
      return;
    case "apply-as":
      applyTransaction(state, txOf(result, lie), lie.sender, machine.cursor.baseFee, config);
      return;
    case "replay": {
      const tx = txOf(result, lie);
      const before = state.readAccount(lie.sender);
      if (before === undefined) return;
      // The nonce check is what the protocol would refuse it on: the liar winds it back, applies, restores.
      state.writeAccount(lie.sender, { ...before, nonce: tx.nonce });
      applyTransaction(state, tx, lie.sender, machine.cursor.baseFee, config);
      const after = state.readAccount(lie.sender)!;
      state.writeAccount(lie.sender, { ...after, nonce: before.nonce });
      return;
    }
    case "redirect-deposit": {
      if (result.kind !== "queue" || result.entry.kind !== "eth-deposit") {
        throw new FaultError(`the lie 'redirect-deposit' needs an ETH deposit at step ${lie.step}`);
      }
      const { to, amount } = result.entry;
      const credited = state.readAccount(to);
      if (credited === undefined || credited.balance < amount) return;
      state.writeAccount(to, { ...credited, balance: credited.balance - amount });
      state.creditEth(lie.to, amount);
      return;
    }
    case "withdrawal-leaf":
      return;
  }
}

/** c_0 .. c_steps of the lying trace: the protocol's steps with `lie` told at its step. */
export function lyingCommitments(pre: L2State, context: BatchContext, steps: number, lie: Lie): Uint8Array[] {
  const state = FaultyState.over(pre);
  const machine = new BatchMachine(state, context);
  const out: Uint8Array[] = [machine.commitment()];
  for (let i = 0; i < steps; i++) {
    if (i === lie.step) beforeStep(state, lie);
    const result = machine.step();
    if (i === lie.step) {
      state.rewriteWithdrawal = undefined;
      afterStep(machine, result, lie, context.config);
    }
    out.push(machine.commitment());
  }
  return out;
}

/**
 * Runs a batch as the liar does, choosing the lie on the way: the first step for which `choose` returns
 * one gets it. `prepare` may arm an in-step hook on the state first (a withdrawal rewrite).
 */
export function executeWithLie(
  pre: L2State,
  context: BatchContext,
  steps: number,
  choose: LieChooser,
  prepare?: (state: FaultyState) => void,
): LyingOutcome {
  const state = FaultyState.over(pre);
  prepare?.(state);
  const machine = new BatchMachine(state, context);
  let lie: Lie | undefined;
  for (let i = 0; i < steps; i++) {
    const result = machine.step();
    if (lie !== undefined) continue;
    lie = choose(i, result, state);
    if (lie !== undefined) afterStep(machine, result, lie, context.config);
  }
  state.rewriteWithdrawal = undefined;
  return { header: state.header(), stateRoot: state.stateRoot(), lie };
}
