import type { Database, Logger } from "@halcyon/node-common";
import { type Address, bytesToHex, type ChainConfig, type Hex } from "@halcyon/protocol";
import type { BatchableBlock } from "../batcher/batchableBlock.ts";
import { insertBatchFault, readBatchFault, replacePendingBatch } from "../store/batchFaults.ts";
import type { NewBatch, StoredBatch } from "../store/batchTable.ts";
import { loadStateAfterBlock } from "../store/chainStore.ts";
import { loadQueueEntries } from "../store/queueEntryTable.ts";
import { rewriteBatch } from "./batchRewrite.ts";
import { FaultError } from "./faultErrors.ts";
import type { FaultKind, FaultSpec } from "./faultSpec.ts";
import { type Lie, lieOfJson, lieToJson } from "./lie.ts";

export type FaultModeOptions = {
  readonly db: Database;
  readonly chainConfig: ChainConfig;
  readonly logger: Logger;
  /** The L1 head's timestamp (seconds). */
  readonly l1Time: () => Promise<bigint>;
  /** The Rollup's FORCE_INCLUSION_DELAY (seconds). */
  readonly forceInclusionDelay: bigint;
};

/** A fault as it was applied, for halcyon_armFault's answer. */
export type AppliedFault = {
  readonly kind: FaultKind;
  readonly batch: bigint;
  /** The root the faulty batch claims, and the honest one. */
  readonly stateRoot: Hex;
  readonly honestStateRoot: Hex;
  readonly lie: Lie | undefined;
  /** skip-queue: why the Rollup refused the batch (a custom error's name), and the batch it refused. */
  refused?: string | undefined;
  refusedBatch?: NewBatch | undefined;
};

type Held = {
  readonly honest: NewBatch;
  readonly faulty: NewBatch;
  readonly dueAt: bigint;
  readonly applied: AppliedFault;
};

/**
 * The sequencer's test-only fault mode (refused unless L1 is a local devnet: devnetOnly.ts). One fault
 * is armed at a time and rewrites the next batch it can apply to (batchRewrite.ts); then the sequencer is
 * honest again. Its own L2 chain is never touched: a fault only changes what one batch posts, and the
 * defender defends that batch with the same lie (`lieOf`). `censor` is the exception: it makes the door
 * refuse an address's transactions from then on.
 */
export class FaultMode {
  readonly #o: FaultModeOptions;
  #armed: Exclude<FaultSpec, { kind: "censor" }> | undefined;
  readonly #censored = new Set<Address>();
  readonly #applied: AppliedFault[] = [];
  readonly #held = new Map<bigint, Held>();

  constructor(options: FaultModeOptions) {
    this.#o = options;
  }

  arm(spec: FaultSpec): void {
    if (spec.kind === "censor") {
      this.#censored.add(spec.address);
      this.#o.logger.warn({ address: spec.address }, "fault mode: censoring an address");
      return;
    }
    if (this.#armed !== undefined) {
      throw new FaultError(`a fault is armed already (${this.#armed.kind}); one at a time`);
    }
    this.#armed = spec;
    this.#o.logger.warn({ kind: spec.kind }, "fault mode: armed a fault for the next batch it applies to");
  }

  /** Drops the armed fault, if any (censorship stays). */
  disarm(): void {
    this.#armed = undefined;
  }

  censors(sender: Address): boolean {
    return this.#censored.has(sender.toLowerCase() as Address);
  }

  status() {
    return {
      armed: this.#armed?.kind ?? null,
      censored: [...this.#censored],
      applied: this.#applied.map((a) => ({
        kind: a.kind,
        batch: a.batch,
        stateRoot: a.stateRoot,
        honestStateRoot: a.honestStateRoot,
        lieStep: a.lie?.step ?? null,
        refused: a.refused ?? null,
        // What appendBatch was refused with, so that a test can ask the Rollup itself.
        refusedBatch:
          a.refusedBatch === undefined
            ? null
            : {
                data: bytesToHex(a.refusedBatch.data),
                steps: a.refusedBatch.steps,
                parentStateRoot: a.refusedBatch.parentStateRoot,
                header: {
                  treeRoot: bytesToHex(a.refusedBatch.header.treeRoot),
                  withdrawalsRoot: bytesToHex(a.refusedBatch.header.withdrawalsRoot),
                  withdrawalCount: a.refusedBatch.header.withdrawalCount.toString(),
                  queueApplied: a.refusedBatch.header.queueApplied.toString(),
                  accountCount: a.refusedBatch.header.accountCount.toString(),
                },
              },
      })),
    };
  }

  /** The batcher's hook: the armed fault rewrites `batch` if it can (then it is disarmed). */
  async rewrite(
    batch: NewBatch,
    blocks: readonly BatchableBlock[],
  ): Promise<{ stored: NewBatch; parent: NewBatch } | undefined> {
    const spec = this.#armed;
    if (spec === undefined) return undefined;
    const { db, chainConfig } = this.#o;
    const applies = blocks.reduce((n, b) => n + b.queueCount, 0n);
    const entries = await loadQueueEntries(
      db,
      chainConfig.chainId,
      batch.queueStart,
      batch.queueStart + applies,
    );
    const rewritten = await rewriteBatch({
      spec,
      batch,
      blocks,
      config: chainConfig,
      preState: () => loadStateAfterBlock(db, batch.firstBlock - 1n),
      postState: () => loadStateAfterBlock(db, batch.lastBlock),
      entries,
    });
    if (rewritten === undefined) return undefined;
    const faulty = rewritten.batch;
    await insertBatchFault(db, faulty.index, faulty.stateRoot, {
      kind: spec.kind,
      lie: rewritten.lie === undefined ? null : lieToJson(rewritten.lie),
    });
    this.#armed = undefined;
    const applied: AppliedFault = {
      kind: spec.kind,
      batch: faulty.index,
      stateRoot: faulty.stateRoot,
      honestStateRoot: batch.stateRoot,
      lie: rewritten.lie,
    };
    this.#applied.push(applied);
    this.#o.logger.warn(
      {
        kind: spec.kind,
        batch: faulty.index.toString(),
        lieStep: rewritten.lie?.step,
        steps: faulty.steps,
        bytes: faulty.data.length,
        claimed: faulty.stateRoot,
        honest: batch.stateRoot,
      },
      "fault mode: rewrote a batch",
    );
    if (spec.kind === "skip-queue") {
      // L1 will refuse it: the next batch chains from the honest one, which replaces it then.
      const dueAt = entries[0]!.l1Timestamp + this.#o.forceInclusionDelay;
      this.#held.set(faulty.index, { honest: batch, faulty, dueAt, applied });
      return { stored: faulty, parent: batch };
    }
    return { stored: faulty, parent: faulty };
  }

  /** The lie a stored batch tells (the defender re-executes it with the same lie). */
  async lieOf(batch: StoredBatch): Promise<Lie | undefined> {
    const fault = await readBatchFault(this.#o.db, batch.index, batch.stateRoot);
    return fault?.lie == null ? undefined : lieOfJson(fault.lie);
  }

  /** The submitter's hook: a batch that skips queue entries waits until the first is overdue on L1. */
  async hold(batch: StoredBatch): Promise<boolean> {
    const held = this.#held.get(batch.index);
    if (held === undefined || batch.stateRoot !== held.faulty.stateRoot) return false;
    return (await this.#o.l1Time()) < held.dueAt;
  }

  /** The submitter's hook: the Rollup refused a held batch; the honest one takes its place. */
  async refused(batch: StoredBatch, reason: string | undefined): Promise<boolean> {
    const held = this.#held.get(batch.index);
    if (held === undefined || batch.stateRoot !== held.faulty.stateRoot) return false;
    this.#held.delete(batch.index);
    held.applied.refused = reason ?? "unknown";
    held.applied.refusedBatch = held.faulty;
    await replacePendingBatch(this.#o.db, held.honest);
    this.#o.logger.warn(
      { batch: batch.index.toString(), reason },
      "fault mode: the Rollup refuses the batch that skips queue entries; posting the honest one",
    );
    return true;
  }
}
