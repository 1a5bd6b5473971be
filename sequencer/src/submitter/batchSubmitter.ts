import {
  type BatchRecord,
  bridgeAbi,
  type Database,
  type Deployment,
  type JobQueue,
  type L1PublicClient,
  type Logger,
  type Metrics,
  rollupAbi,
} from "@halcyon/node-common";
import { bytesToHex, type Hex } from "@halcyon/protocol";
import {
  encodeAbiParameters,
  encodeFunctionData,
  keccak256,
  parseEventLogs,
  type TransactionReceipt,
  zeroHash,
} from "viem";
import { L1ServiceError, severityOf } from "../l1/errors.ts";
import type { L1Follower } from "../l1/l1Follower.ts";
import { revertNameOf } from "../l1/revertName.ts";
import {
  type BatchInclusion,
  markBatchPending,
  markBatchPosted,
  markBatchSubmitted,
  readBatch,
  readUnpostedBatchIndices,
  type StoredBatch,
} from "../store/batchTable.ts";
import { readBatchGeneration } from "../store/batchDeletions.ts";
import type { L1Sender, SentTransaction } from "./l1Sender.ts";

/**
 * The job that posts one batch: `batch-<index>`, or `batch-<index>-g<n>` for batches cut after the n-th
 * deletion of batches by L1 (the same index is cut again, and a completed job's id is remembered). JSON,
 * so the index is a decimal string.
 */
export type BatchJob = { readonly index: string; readonly generation?: number };

export const batchJobId = (index: bigint, generation = 0) =>
  generation === 0 ? `batch-${index}` : `batch-${index}-g${generation}`;

/** Test-only fault mode (faults/): holds a batch back, or takes it back when the Rollup refuses it. */
export type SubmitterFaults = {
  /** Whether `batch` must wait before it is sent. */
  hold(batch: StoredBatch): Promise<boolean>;
  /** The Rollup would refuse `batch` for `reason`: returns true if the batch was replaced (try again). */
  refused(batch: StoredBatch, reason: string | undefined): Promise<boolean>;
};

export type BatchSubmitterOptions = {
  readonly db: Database;
  readonly publicClient: L1PublicClient;
  readonly sender: L1Sender;
  readonly deployment: Deployment;
  /** For the preimage of the first queue entry a batch leaves unapplied. */
  readonly follower: Pick<L1Follower, "entryPreimage">;
  readonly queue: JobQueue<BatchJob>;
  /** A batch counts as posted when its block has this many blocks on top, itself included. */
  readonly confirmations: number;
  readonly pollIntervalMs: number;
  /** A transaction not mined after this long is replaced with higher fees. */
  readonly stuckAfterMs: number;
  /** Most blocks per eth_getLogs. */
  readonly logRange: number;
  /** Jobs run at once: a batch is sent once its parent is in a block, so they pipeline. */
  readonly concurrency: number;
  /** How often every batch not yet posted gets its job again (idempotent; after a Redis loss). */
  readonly resubmitIntervalMs: number;
  readonly logger: Logger;
  readonly metrics?: Metrics;
  /** How long a job waits for its parent to be in an L1 block before it fails and retries (default 10 s). */
  readonly parentWaitMs?: number;
  readonly faults?: SubmitterFaults;
};

type Located =
  | { readonly kind: "included"; readonly inclusion: BatchInclusion }
  | { readonly kind: "pending"; readonly tx: SentTransaction; readonly known: boolean }
  | { readonly kind: "none" };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Times in a row a job may find the L1 queue moved under its dry run before it gives up (and retries). */
const MAX_QUEUE_RACES = 5;

const ZERO_WITNESS: { dataHash: Hex; timestamp: bigint } = { dataHash: zeroHash, timestamp: 0n };

/**
 * Posts batches with `Rollup.appendBatch`, one job `batch-<index>` per batch on the job queue (BullMQ on
 * Redis, or in-process). A job's run is idempotent and may be repeated at any point (at-least-once
 * delivery, a crash, a Redis restart): it first looks at L1 (the transactions recorded for the batch,
 * then the Rollup itself) and sends only if the batch is not there and nothing of ours for it is in
 * flight. It then follows the transaction until it has `confirmations` blocks: it replaces it with higher
 * fees when stuck, broadcasts it again when the node lost it, and sends it again if an L1 reorg dropped
 * it after inclusion. The contract is the last line: appendBatch checks the parent state root, so the
 * same batch can never be appended twice.
 *
 * Batches go to L1 in order: a job sends only once its parent is in an L1 block (it waits for that a
 * while, then fails and is retried), so jobs running at once pipeline their confirmations.
 */
export class BatchSubmitter {
  readonly #o: BatchSubmitterOptions;
  readonly #running = new Map<bigint, Promise<void>>();
  #supervisor: NodeJS.Timeout | undefined;
  #stopped = false;
  /** Deletions of batches by L1 handled so far (the generation of the batches cut now). */
  #generation = 0;

  constructor(options: BatchSubmitterOptions) {
    this.#o = options;
  }

  /**
   * Starts the workers, re-adds the job of every batch not yet posted (now and periodically), and
   * submits the batches a previous run left unposted right away: their jobs may still sit in Redis as
   * active under the dead process's lock until BullMQ's stalled-job check hands them out again (30 s or
   * more), and a restart should not wait for that. (A job that runs later finds its batch posted.)
   */
  async start(): Promise<void> {
    this.#generation = await readBatchGeneration(this.#o.db);
    this.#o.queue.process(
      async (job) => {
        // A job of a generation L1 deleted: its batch index has been cut again, with a job of its own.
        if ((job.data.generation ?? 0) !== this.#generation) return;
        await this.submit(BigInt(job.data.index));
      },
      { concurrency: this.#o.concurrency },
    );
    const leftover = await readUnpostedBatchIndices(this.#o.db);
    if (leftover.length > 0) void this.#recover(leftover);
    const supervise = async () => {
      try {
        for (const index of await readUnpostedBatchIndices(this.#o.db)) await this.enqueue(index);
      } catch (error) {
        this.#o.logger.warn({ err: error }, "could not re-add batch jobs; trying again later");
      }
      if (!this.#stopped) this.#supervisor = setTimeout(supervise, this.#o.resubmitIntervalMs);
    };
    await supervise();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#supervisor !== undefined) clearTimeout(this.#supervisor);
    await this.#o.queue.close();
  }

  /** Submits `indices` directly (pipelined as jobs are), retrying temporary errors a few times. */
  async #recover(indices: readonly bigint[]): Promise<void> {
    this.#o.logger.info({ batches: indices.length }, "submitting the batches left unposted by the last run");
    await Promise.all(
      indices.map(async (index) => {
        for (let attempt = 1; attempt <= 5 && !this.#stopped; attempt++) {
          try {
            await this.submit(index);
            return;
          } catch (error) {
            if (severityOf(error) === "critical" || attempt === 5) {
              this.#o.logger.warn(
                { err: error, batch: index.toString() },
                "recovery left a batch to its job",
              );
              return;
            }
            await sleep(this.#o.pollIntervalMs);
          }
        }
      }),
    );
  }

  /** A deletion of batches by L1 was handled: batches cut from now on are generation `generation`. */
  setGeneration(generation: number): void {
    this.#generation = generation;
  }

  /** Adds the job of batch `index` (a no-op while one is waiting, running or recently done). */
  enqueue(index: bigint): Promise<void> {
    const generation = this.#generation;
    return this.#o.queue.add(
      batchJobId(index, generation),
      { index: index.toString(), ...(generation === 0 ? {} : { generation }) },
      { attempts: 8, backoffMs: 500 },
    );
  }

  /** The job's work: batch `index` appended on L1 and confirmed. One run per batch at a time per process. */
  submit(index: bigint): Promise<void> {
    const running = this.#running.get(index);
    if (running !== undefined) return running.then(() => this.submit(index));
    const run = this.#submit(index).finally(() => this.#running.delete(index));
    this.#running.set(index, run);
    return run;
  }

  async #submit(index: bigint): Promise<void> {
    const { db, logger } = this.#o;
    const log = logger.child({ batch: index.toString() });
    const parentDeadline = Date.now() + (this.#o.parentWaitMs ?? 10_000);
    let races = 0;
    for (;;) {
      if (this.#stopped) throw new L1ServiceError("temporary", "the submitter is stopping");
      const batch = await readBatch(db, index);
      if (batch === undefined) throw new L1ServiceError("critical", `no batch ${index} in the store`);
      if (batch.status === "posted" || batch.status === "final") return;
      const located = await this.#locate(batch);
      if (located.kind === "included") {
        const at = located.inclusion;
        if (batch.status !== "submitted" || batch.inclusion?.blockHash !== at.blockHash) {
          if (batch.status === "submitted") {
            log.warn({ from: batch.inclusion?.blockHash, to: at.blockHash }, "the batch's L1 block changed");
            await markBatchPending(db, index);
          }
          await markBatchSubmitted(db, index, at);
          log.info({ l1Tx: at.txHash, l1Block: at.blockNumber.toString() }, "batch appended on L1");
        }
        if (await this.#confirmed(at)) {
          await markBatchPosted(db, index);
          log.info({ l1Block: at.blockNumber.toString() }, "batch posted (confirmed on L1)");
          this.#o.metrics?.counter("batches_posted_total", { help: "batches confirmed on L1" }).inc();
          return;
        }
        await sleep(this.#o.pollIntervalMs);
        continue;
      }
      if (batch.status === "submitted") {
        log.warn({ l1Tx: batch.inclusion?.txHash }, "an L1 reorg dropped the batch's transaction");
        await markBatchPending(db, index);
      }
      if (located.kind === "pending") {
        if (!located.known) await this.#o.sender.rebroadcast(located.tx);
        else if (Date.now() - located.tx.sentAt >= this.#o.stuckAfterMs)
          await this.#o.sender.replace(located.tx);
        await sleep(this.#o.pollIntervalMs);
        continue;
      }
      if (index > 1n) {
        const parent = await readBatch(db, index - 1n, { withData: false });
        if (parent === undefined || parent.status === "pending") {
          // The parent's job may sit behind this one (a retried job goes to the back of the queue, and
          // every later job holds a worker while it waits): submit the parent from here instead of
          // waiting for a worker to reach it. Joins a submission already running in this process.
          if (parent !== undefined && !this.#running.has(index - 1n)) {
            this.submit(index - 1n).catch((error) =>
              log.debug({ err: error }, "submitting the parent from here failed; its own job retries"),
            );
          }
          if (Date.now() > parentDeadline) {
            throw new L1ServiceError("temporary", `batch ${index - 1n} is not on L1 yet`);
          }
          await sleep(this.#o.pollIntervalMs);
          continue;
        }
      }
      if (await this.#o.faults?.hold(batch)) {
        await sleep(this.#o.pollIntervalMs);
        continue;
      }
      if ((await this.#send(batch)) === "raced") {
        races++;
        if (races > MAX_QUEUE_RACES) {
          throw new L1ServiceError("temporary", `the L1 queue kept moving under batch ${index}`);
        }
      }
    }
  }

  /** Whether the block of `at` has enough blocks on top and is still the chain's. */
  async #confirmed(at: BatchInclusion): Promise<boolean> {
    const { publicClient } = this.#o;
    const head = await publicClient.getBlockNumber({ cacheTime: 0 });
    if (head - at.blockNumber + 1n < BigInt(this.#o.confirmations)) return false;
    const block = await publicClient.getBlock({ blockNumber: at.blockNumber });
    return block.hash === at.blockHash;
  }

  /** Where batch `batch` is: in an L1 block, in flight, or nowhere. */
  async #locate(batch: StoredBatch): Promise<Located> {
    const { sender } = this.#o;
    const sent = await sender.sentFor(batchJobId(batch.index, this.#generation));
    let pending: Located | undefined;
    for (const tx of sent.reverse()) {
      const state = await sender.check(tx);
      if (state.state === "mined") {
        if (state.receipt.status !== "success") continue;
        return { kind: "included", inclusion: this.#inclusionOf(batch, state.receipt) };
      }
      if (state.state === "pending" && pending === undefined)
        pending = { kind: "pending", tx, known: state.known };
    }
    if (pending !== undefined) return pending;
    const count = await this.#o.publicClient.readContract({
      address: this.#o.deployment.addresses.rollup,
      abi: rollupAbi,
      functionName: "batchCount",
    });
    if (count <= batch.index) return { kind: "none" };
    return { kind: "included", inclusion: await this.#findOnL1(batch) };
  }

  /** The BatchAppended of `batch` in a successful receipt of ours. */
  #inclusionOf(batch: StoredBatch, receipt: TransactionReceipt): BatchInclusion {
    const [event] = parseEventLogs({ abi: rollupAbi, eventName: "BatchAppended", logs: receipt.logs });
    if (event === undefined)
      throw new L1ServiceError("critical", "appendBatch succeeded without BatchAppended");
    const record: BatchRecord = { ...event.args.record };
    this.#checkOurs(batch, record);
    return {
      txHash: receipt.transactionHash,
      blockNumber: receipt.blockNumber,
      blockHash: receipt.blockHash,
      record,
      recordHash: event.args.recordHash,
    };
  }

  /** The record must be this batch's; anything else at its index means L1 and this store diverged. */
  #checkOurs(batch: StoredBatch, record: BatchRecord): void {
    const same =
      record.index === batch.index &&
      record.dataRoot === batch.dataRoot &&
      record.stateRoot === batch.stateRoot &&
      record.parentStateRoot === batch.parentStateRoot &&
      record.steps === batch.steps &&
      record.queueStart === batch.queueStart;
    if (!same) {
      throw new L1ServiceError(
        "critical",
        `batch ${record.index} on L1 (state root ${record.stateRoot}) is not the sequencer's (${batch.stateRoot}): L1 and the store diverged`,
        { details: { index: batch.index } },
      );
    }
    if (record.proposer.toLowerCase() !== this.#o.sender.address.toLowerCase()) {
      this.#o.logger.warn(
        { index: batch.index.toString(), proposer: record.proposer },
        "another proposer appended our batch",
      );
    }
  }

  /** Batch `batch.index` exists on L1 but none of our recorded transactions made it: find its event. */
  async #findOnL1(batch: StoredBatch): Promise<BatchInclusion> {
    const { publicClient, deployment } = this.#o;
    const rollup = deployment.addresses.rollup;
    const live = await publicClient.readContract({
      address: rollup,
      abi: rollupAbi,
      functionName: "batchHash",
      args: [batch.index],
    });
    const range = BigInt(this.#o.logRange);
    let to = await publicClient.getBlockNumber({ cacheTime: 0 });
    while (to >= deployment.deployBlock) {
      const from = to - range + 1n > deployment.deployBlock ? to - range + 1n : deployment.deployBlock;
      const events = await publicClient.getContractEvents({
        address: rollup,
        abi: rollupAbi,
        eventName: "BatchAppended",
        args: { index: batch.index },
        fromBlock: from,
        toBlock: to,
      });
      const event = events.reverse().find((e) => e.args.recordHash === live);
      if (event !== undefined) {
        const record: BatchRecord = { ...event.args.record! };
        this.#checkOurs(batch, record);
        return {
          txHash: event.transactionHash,
          blockNumber: event.blockNumber,
          blockHash: event.blockHash,
          record,
          recordHash: live,
        };
      }
      to = from - 1n;
    }
    throw new L1ServiceError(
      "temporary",
      `batch ${batch.index} is on L1 but its BatchAppended was not found`,
    );
  }

  /**
   * Sends appendBatch for `batch` after a dry run that explains a refusal. "raced": an L1 queue entry
   * arrived between reading the queue and the dry run, so the witness of the next entry is stale; the
   * caller looks again and sends with a fresh one.
   */
  async #send(batch: StoredBatch): Promise<"sent" | "raced" | "replaced"> {
    const { publicClient, deployment, sender } = this.#o;
    const queueApplied = batch.header.queueApplied;
    const [length, entryHash] = await publicClient.readContract({
      address: deployment.addresses.bridge,
      abi: bridgeAbi,
      functionName: "queueInfo",
      args: [queueApplied],
    });
    let nextEntry = ZERO_WITNESS;
    if (queueApplied < length) {
      const preimage = await this.#o.follower.entryPreimage(queueApplied, length);
      if (preimage === undefined)
        throw new L1ServiceError("temporary", `queue entry ${queueApplied} is not known`);
      const hash = keccak256(
        encodeAbiParameters(
          [{ type: "bytes32" }, { type: "uint64" }],
          [preimage.dataHash, preimage.timestamp],
        ),
      );
      if (hash !== entryHash) {
        throw new L1ServiceError("temporary", `queue entry ${queueApplied} does not match the Bridge's hash`);
      }
      nextEntry = preimage;
    }
    const h = batch.header;
    const args = [
      bytesToHex(batch.data),
      BigInt(batch.steps),
      {
        treeRoot: bytesToHex(h.treeRoot),
        withdrawalsRoot: bytesToHex(h.withdrawalsRoot),
        withdrawalCount: h.withdrawalCount,
        queueApplied: h.queueApplied,
        accountCount: h.accountCount,
      },
      batch.parentStateRoot,
      nextEntry,
    ] as const;
    try {
      await publicClient.simulateContract({
        address: deployment.addresses.rollup,
        abi: rollupAbi,
        functionName: "appendBatch",
        args,
        account: sender.address,
      });
    } catch (error) {
      const reason = revertNameOf(error);
      if (reason === "QueueEntryMismatch" && (await this.#queueMoved(length))) return "raced";
      if (await this.#o.faults?.refused(batch, reason)) return "replaced";
      const severity =
        reason === "ForcedInclusionOverdue" ||
        reason === "ProposerNotBonded" ||
        reason === "SequencerOnly" ||
        reason === "InvalidDataLength" ||
        reason === "InvalidStepCount"
          ? "critical"
          : "temporary";
      throw new L1ServiceError(
        severity,
        `appendBatch of batch ${batch.index} would revert: ${reason ?? "unknown"}`,
        {
          cause: error,
          details: { index: batch.index, reason },
        },
      );
    }
    const data: Hex = encodeFunctionData({ abi: rollupAbi, functionName: "appendBatch", args });
    const tx = await sender.send(batchJobId(batch.index, this.#generation), {
      to: deployment.addresses.rollup,
      data,
    });
    this.#o.logger.info(
      { batch: batch.index.toString(), l1Tx: tx.hash, nonce: tx.nonce.toString(), bytes: batch.data.length },
      "sent appendBatch",
    );
    return "sent";
  }

  /** Whether the Bridge's queue is longer than `length`, the length the witness was read at. */
  async #queueMoved(length: bigint): Promise<boolean> {
    const { publicClient, deployment } = this.#o;
    const [now] = await publicClient.readContract({
      address: deployment.addresses.bridge,
      abi: bridgeAbi,
      functionName: "queueInfo",
      args: [0n],
    });
    return now > length;
  }
}
