import type { ChainConfig, L2State, SenderRecoveryPool } from "@halcyon/protocol";
import type { RecordingTree } from "./recordingTree.ts";
import { type ReplayInput, type ReplayOutcome, replayBatch } from "./replayBatch.ts";
import { type PrerecoveredSenders, prerecoverSenders } from "./senderPrerecovery.ts";

// Replays batches in order with sender recovery ahead of execution: while the main thread executes
// batch k (and the caller persists it), the workers recover the senders of the next `lookahead`
// batches, so they never wait for the main thread between batches. A later batch's references are
// resolved against the state before batch k, which is safe: an index that exists then names the same
// account forever; the few records that name accounts created in between are recovered inline.

export type ReplayEngine = {
  readonly state: L2State;
  readonly tree: RecordingTree;
  readonly pool: SenderRecoveryPool;
  readonly config: ChainConfig;
};

/** Batches whose senders are being recovered ahead of the one executing (default 2). */
export const DEFAULT_LOOKAHEAD = 2;

/**
 * Replays `inputs` in order; after each, awaits `onReplayed(outcome)`, which may return false to stop
 * there (e.g. a disputed root). Returns the number of batches replayed.
 */
export async function replayInOrder(
  engine: ReplayEngine,
  inputs: readonly ReplayInput[],
  onReplayed: (outcome: ReplayOutcome) => Promise<boolean | undefined> | boolean | undefined,
  lookahead: number = DEFAULT_LOOKAHEAD,
): Promise<number> {
  const { state, tree, pool, config } = engine;
  const pending: Promise<PrerecoveredSenders>[] = [];
  const recover = (input: ReplayInput): void => {
    const senders = prerecoverSenders(pool, state, input.data, config.chainId);
    senders.catch(() => {}); // awaited below; never left unhandled when the loop stops early
    pending.push(senders);
  };
  let next = 0;
  while (next < inputs.length && next < Math.max(1, lookahead)) recover(inputs[next++]!);
  for (let i = 0; i < inputs.length; i++) {
    const senders = await pending.shift()!;
    if (next < inputs.length) recover(inputs[next++]!);
    const outcome = replayBatch(state, tree, inputs[i]!, config, senders);
    if ((await onReplayed(outcome)) === false) return i + 1;
  }
  return inputs.length;
}
