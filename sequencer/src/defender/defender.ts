import {
  type Database,
  type Deployment,
  disputeGameAbi,
  type JobQueue,
  type L1PublicClient,
  type Logger,
  type Metrics,
} from "@halcyon/node-common";
import {
  type Address,
  bytesToHex,
  type ChainConfig,
  encodeStepWitness,
  equalBytes,
  type Hex,
  hexToBytes,
} from "@halcyon/protocol";
import { encodeFunctionData } from "viem";
import type { Lie } from "../faults/lie.ts";
import { L1ServiceError } from "../l1/errors.ts";
import { readBatch, type StoredBatch } from "../store/batchTable.ts";
import { readL1Cursor, writeL1Cursor } from "../store/l1Cursors.ts";
import { type GameStatus, readOpenGames, type StoredGame, upsertGame } from "../store/rollupQueries.ts";
import type { L1Sender } from "../submitter/l1Sender.ts";
import { BatchReplay } from "./batchReplay.ts";

/** One move of the defender. JSON: the game id is a decimal string. */
export type DefenderJob = {
  readonly gameId: string;
  readonly action: "reveal" | "prove" | "timeout" | "credit";
};

export type DefenderOptions = {
  readonly db: Database;
  readonly publicClient: L1PublicClient;
  readonly sender: L1Sender;
  readonly deployment: Deployment;
  readonly chainConfig: ChainConfig;
  readonly queue: JobQueue<DefenderJob>;
  readonly pollIntervalMs: number;
  readonly stuckAfterMs: number;
  /** Most blocks per eth_getLogs. */
  readonly logRange: number;
  /** Blocks re-read on every scan, so a game a shallow reorg moved is not missed. */
  readonly reorgMargin: number;
  readonly logger: Logger;
  readonly metrics?: Metrics;
  /** Test-only fault mode: the lie a batch tells, defended with the same lie. */
  readonly lieOf?: (batch: StoredBatch) => Promise<Lie | undefined>;
};

const CURSOR = "dispute-games";
/** IDisputeGame's GameStatus and Mover. */
const IN_PROGRESS = 1;
const STATUS_NAMES: Readonly<Record<number, GameStatus>> = {
  1: "open",
  2: "proposer-won",
  3: "challenger-won",
  4: "cancelled",
};
const MOVER_PROPOSER = 1;
const MOVER_CHALLENGER = 2;

type OnChainGame = {
  readonly batchHash: Hex;
  readonly disputed: Hex;
  readonly midpoint: Hex;
  readonly lo: number;
  readonly hi: number;
  readonly steps: number;
  readonly status: number;
  readonly batchIndex: bigint;
};

/**
 * Defends the sequencer's batches in the DisputeGame (docs/protocol.md §8.1): it watches `GameOpened`
 * for games against batches it proposed, and for each open game decides the move it owes or may make,
 * as jobs on the job queue (`game-<id>-<action>-…`, idempotent: a handler re-reads the game and acts only
 * if the move is still owed). It reveals its own step commitment at each midpoint (re-executing the batch
 * from its store), submits the one-step proof once one step is left and the proof shows it right, claims
 * the win when the challenger's clock runs out, and withdraws the credit a won game leaves it.
 */
export class Defender {
  readonly #o: DefenderOptions;
  readonly #replays = new Map<bigint, Promise<BatchReplay>>();
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  #polling: Promise<void> = Promise.resolve();

  constructor(options: DefenderOptions) {
    this.#o = options;
  }

  get #game() {
    return { address: this.#o.deployment.addresses.disputeGame, abi: disputeGameAbi } as const;
  }

  start(): void {
    this.#o.queue.process((job) => this.handle(job.id, job.data), { concurrency: 1 });
    const loop = async () => {
      await this.poll();
      if (!this.#stopped) this.#timer = setTimeout(loop, this.#o.pollIntervalMs);
    };
    void loop();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    await this.#polling;
    await this.#o.queue.close();
  }

  /** One look at L1: new games, and the move each open game wants (serialized; errors are logged). */
  poll(): Promise<void> {
    this.#polling = this.#polling.then(() =>
      this.#poll().catch((error) => this.#o.logger.warn({ err: error }, "defender poll failed")),
    );
    return this.#polling;
  }

  async #poll(): Promise<void> {
    await this.#scan();
    const open = await readOpenGames(this.#o.db);
    this.#o.metrics
      ?.gauge("open_games", { help: "open games against the sequencer's batches" })
      .set(open.length);
    for (const stored of open) await this.#review(stored);
  }

  /** Reads GameOpened events past the cursor and records the games against our batches. */
  async #scan(): Promise<void> {
    const { db, publicClient, deployment } = this.#o;
    const head = await publicClient.getBlockNumber({ cacheTime: 0 });
    const cursor = await readL1Cursor(db, CURSOR);
    const margin = BigInt(this.#o.reorgMargin);
    let from = cursor === undefined ? deployment.deployBlock : cursor.blockNumber + 1n - margin;
    if (from < deployment.deployBlock) from = deployment.deployBlock;
    const us = this.#o.sender.address.toLowerCase();
    while (from <= head) {
      const to = from + BigInt(this.#o.logRange - 1) < head ? from + BigInt(this.#o.logRange - 1) : head;
      const events = await publicClient.getContractEvents({
        ...this.#game,
        eventName: "GameOpened",
        fromBlock: from,
        toBlock: to,
      });
      for (const e of events) {
        if (e.args.proposer!.toLowerCase() !== us) continue;
        const known = await db.query("SELECT 1 FROM dispute_games WHERE game_id = $1", [e.args.gameId!]);
        if (known.rowCount > 0) continue;
        this.#o.logger.warn(
          {
            gameId: e.args.gameId!.toString(),
            batch: e.args.batchIndex!.toString(),
            challenger: e.args.challenger,
          },
          "a game was opened against one of our batches: defending it",
        );
        await upsertGame(db, {
          gameId: e.args.gameId!,
          batchIndex: e.args.batchIndex!,
          recordHash: e.args.batchHash!,
          challenger: e.args.challenger!.toLowerCase() as Address,
          status: "open",
          lo: 0,
          hi: e.args.steps!,
          openedBlock: e.blockNumber,
        });
      }
      const block = await publicClient.getBlock({ blockNumber: to });
      await writeL1Cursor(db, CURSOR, { blockNumber: to, blockHash: block.hash });
      from = to + 1n;
    }
  }

  async #read(gameId: bigint): Promise<OnChainGame> {
    const g = await this.#o.publicClient.readContract({
      ...this.#game,
      functionName: "getGame",
      args: [gameId],
    });
    return {
      batchHash: g.batchHash,
      disputed: g.disputed,
      midpoint: g.midpoint,
      lo: g.lo,
      hi: g.hi,
      steps: g.steps,
      status: g.status,
      batchIndex: g.batchIndex,
    };
  }

  async #mover(gameId: bigint): Promise<{ mover: number; remaining: bigint }> {
    const [mover, remaining] = await this.#o.publicClient.readContract({
      ...this.#game,
      functionName: "moverOf",
      args: [gameId],
    });
    return { mover, remaining };
  }

  /** Updates a game from L1 and adds the job of the move it wants, if any. */
  async #review(stored: StoredGame): Promise<void> {
    const { db, logger } = this.#o;
    const g = await this.#read(stored.gameId);
    const status = STATUS_NAMES[g.status] ?? "open";
    await upsertGame(db, { ...stored, status, lo: g.lo, hi: g.hi });
    const id = stored.gameId;
    if (g.status !== IN_PROGRESS) {
      if (status === "proposer-won") {
        logger.info({ gameId: id.toString() }, "won a game");
        await this.#enqueue(`game-${id}-credit`, id, "credit");
      } else if (status === "challenger-won") {
        logger.error(
          { gameId: id.toString(), batch: g.batchIndex.toString() },
          "lost a game: L1 deleted the batch and every later one; they are cut again from the same blocks",
        );
      }
      return;
    }
    const { mover, remaining } = await this.#mover(id);
    if (mover === MOVER_PROPOSER) {
      await this.#enqueue(`game-${id}-reveal-${g.lo}-${g.hi}`, id, "reveal");
    } else if (mover === MOVER_CHALLENGER) {
      if (remaining === 0n) await this.#enqueue(`game-${id}-timeout`, id, "timeout");
      else if (g.hi - g.lo === 1) await this.#enqueue(`game-${id}-prove-${g.lo}`, id, "prove");
    }
  }

  #enqueue(jobId: string, gameId: bigint, action: DefenderJob["action"]): Promise<void> {
    return this.#o.queue.add(jobId, { gameId: gameId.toString(), action }, { attempts: 5, backoffMs: 500 });
  }

  /** The replay of the batch a game disputes; the game must be against our live record of it. */
  async #replayOf(g: OnChainGame): Promise<BatchReplay> {
    let replay = this.#replays.get(g.batchIndex);
    // After L1 deleted batches an index is cut again: a cached replay of another record is stale.
    const cached = await replay?.catch(() => undefined);
    if (cached !== undefined && cached.batch.inclusion!.recordHash !== g.batchHash) replay = undefined;
    if (replay === undefined) {
      replay = (async () => {
        const batch = await readBatch(this.#o.db, g.batchIndex);
        if (batch?.inclusion === undefined) {
          throw new L1ServiceError("critical", `batch ${g.batchIndex} is not one the sequencer posted`);
        }
        return BatchReplay.load(this.#o.db, this.#o.chainConfig, batch, await this.#o.lieOf?.(batch));
      })();
      this.#replays.set(g.batchIndex, replay);
      replay.catch(() => this.#replays.delete(g.batchIndex));
    }
    const loaded = await replay;
    if (loaded.batch.inclusion!.recordHash !== g.batchHash) {
      throw new L1ServiceError(
        "critical",
        `the game disputes a record of batch ${g.batchIndex} that is not ours`,
      );
    }
    return loaded;
  }

  /** A defender job: the move, if the game still owes it (a repeated job does nothing). */
  async handle(jobId: string, job: DefenderJob): Promise<void> {
    const gameId = BigInt(job.gameId);
    const { sender, deployment, logger } = this.#o;
    const execute = (data: Hex) =>
      sender.execute(
        jobId,
        { to: deployment.addresses.disputeGame, data },
        { stuckAfterMs: this.#o.stuckAfterMs, pollMs: this.#o.pollIntervalMs },
      );
    if (job.action === "credit") {
      const credit = await this.#o.publicClient.readContract({
        ...this.#game,
        functionName: "creditOf",
        args: [sender.address],
      });
      if (credit === 0n) return;
      await execute(
        encodeFunctionData({ abi: disputeGameAbi, functionName: "withdrawCredit", args: [sender.address] }),
      );
      logger.info({ gameId: job.gameId, credit: credit.toString() }, "withdrew a game's credit");
      return;
    }
    const g = await this.#read(gameId);
    if (g.status !== IN_PROGRESS) return;
    const { mover, remaining } = await this.#mover(gameId);
    const replay = await this.#replayOf(g);
    const record = replay.batch.inclusion!.record;
    if (job.action === "reveal") {
      if (mover !== MOVER_PROPOSER) return;
      const mid = Math.floor((g.lo + g.hi) / 2);
      const commitment = (await replay.commitments())[mid]!;
      await execute(
        encodeFunctionData({
          abi: disputeGameAbi,
          functionName: "revealMidpoint",
          args: [gameId, bytesToHex(commitment)],
        }),
      );
      logger.info({ gameId: job.gameId, mid }, "revealed a midpoint");
    } else if (job.action === "timeout") {
      if (mover !== MOVER_CHALLENGER || remaining !== 0n) return;
      await execute(
        encodeFunctionData({ abi: disputeGameAbi, functionName: "claimTimeout", args: [gameId, record] }),
      );
      logger.info({ gameId: job.gameId }, "claimed a game: the challenger's clock ran out");
    } else {
      if (mover !== MOVER_CHALLENGER || remaining === 0n || g.hi - g.lo !== 1) return;
      // The proof settles step lo; it proves us right if c_hi is the commitment we revealed (or, at the
      // last step, if our post-state root is the one the batch claims).
      const commitments = await replay.commitments();
      const right =
        g.hi < g.steps
          ? equalBytes(commitments[g.hi]!, hexToBytes(g.disputed))
          : replay.batch.stateRoot === record.stateRoot;
      if (replay.lie !== undefined) {
        // Fault mode: the batch lies on purpose; the proof of the step would show it, so a liar keeps quiet.
        logger.warn({ gameId: job.gameId, lo: g.lo }, "fault mode: not proving a step of a lying batch");
        return;
      }
      if (!right) {
        logger.fatal(
          { gameId: job.gameId, lo: g.lo },
          "the one-step proof would not show our batch right: not submitting it",
        );
        return;
      }
      const witness = encodeStepWitness(await replay.witness(g.lo));
      await execute(
        encodeFunctionData({
          abi: disputeGameAbi,
          functionName: "proveStep",
          args: [gameId, record, witness],
        }),
      );
      logger.info({ gameId: job.gameId, step: g.lo }, "proved the disputed step");
    }
  }
}
