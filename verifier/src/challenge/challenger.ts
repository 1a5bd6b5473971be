import {
  type Deployment,
  disputeGameAbi,
  type JobQueue,
  type L1PublicClient,
  type Logger,
  rollupAbi,
  stepVerifierAbi,
} from "@halcyon/node-common";
import {
  type BatchContext,
  bytesToHex,
  type ChainConfig,
  commitmentOf,
  createStepContext,
  encodeStepWitness,
  equalBytes,
  generateStepWitness,
  hexToBytes,
  INITIAL_CURSOR,
  isProposerRight,
  type QueueEntry,
  stepCommitments,
} from "@halcyon/protocol";
import { type Address, type Hex, parseEventLogs } from "viem";
import { CriticalError, describeError } from "../errors.ts";
import type { Replayer } from "../replay/replayer.ts";
import type { VerifierMetrics } from "../status/verifierMetrics.ts";
import type { DerivationStore, StoredBatch } from "../store/derivationStore.ts";
import type { GameStatusName, GameStore } from "../store/gameStore.ts";
import type { ReplayStore } from "../store/replayStore.ts";
import { GameNotFoundError, type GameView, readGame } from "./gameView.ts";
import { type ContractCall, type L1Sender, MoveRevertedError } from "./l1Sender.ts";
import { type MoveJob, moveJobId } from "./moveJobs.ts";
import { answerMidpoint, type Move, nextMove } from "./nextMove.ts";

// The challenger: turns disputed batches into won games (docs/protocol.md §8.1).
//
// Each tick it looks at L1 and enqueues the moves owed; the job handler checks the game on L1 again
// and makes the move. It opens a game, with a bond from its key, on every live batch whose root the
// replay disputes, inside the challenge window. It computes its own step commitments from the batch's
// pre-state (rebuilt from the replay's stored leaf changes) and answers each midpoint the proposer
// reveals, agreeing iff it equals its own. At one step it builds the witness (generateStepWitness from
// the pre-state) and submits proveStep. It claims the game when the proposer's clock runs out, cancels
// its games on batches another game deleted (bond returned), and withdraws its credits.
//
// Several verifiers: another challenger's game on the same batch does not keep this one out. Only a
// game's own challenger can answer its midpoints, and a game that its challenger abandons (or plays
// badly, e.g. a proposer's accomplice) is won by the proposer, after which the batch can become final.
// So the challenger always opens its own game; if another game wins first, its game is cancelled and
// its bond comes back (cancelGame, withdrawCredit): the cost of joining is bounded, staying out is not.
//
// Watch-only (no key): the same decisions are logged, nothing is sent.

export type ChallengerOptions = {
  readonly client: L1PublicClient;
  /** Absent: watch-only. */
  readonly sender?: L1Sender | undefined;
  /** Required with a sender: where the moves go. */
  readonly queue?: JobQueue<MoveJob> | undefined;
  readonly deployment: Deployment;
  readonly derivation: DerivationStore;
  readonly replayStore: ReplayStore;
  readonly replayer: Replayer;
  readonly games: GameStore;
  readonly config: ChainConfig;
  readonly logger: Logger;
  readonly metrics?: VerifierMetrics | undefined;
  /** Tries per move job before a tick re-adds it (default 8). */
  readonly jobAttempts?: number;
  /** First retry delay of a move job (default 1,000 ms; doubles each retry). */
  readonly jobBackoffMs?: number;
};

export type GameStatusView = {
  readonly gameId: string;
  readonly batchIndex: string;
  readonly status: GameStatusName;
  readonly lo?: number;
  readonly hi?: number;
  readonly steps?: number;
  readonly mover?: string;
  readonly moverSecondsLeft?: string;
  readonly proposerClock?: string;
  readonly challengerClock?: string;
};

export type ChallengerStatus = {
  readonly mode: "challenger" | "watch-only";
  readonly address: Address | null;
  readonly balanceWei: string | null;
  readonly creditWei: string | null;
  readonly bondsLockedWei: string;
  readonly challengerBondWei: string;
  readonly games: readonly GameStatusView[];
};

export class Challenger {
  readonly #o: ChallengerOptions;
  readonly #disputeGame: Address;
  readonly #rollup: Address;
  readonly #commitments = new Map<Hex, Uint8Array[]>();
  /** Messages already logged once (watch-only decisions, closed windows, lost games). */
  readonly #reported = new Set<string>();

  constructor(options: ChallengerOptions) {
    if (options.sender !== undefined && options.queue === undefined) {
      throw new CriticalError("a challenger with a key needs a job queue");
    }
    this.#o = options;
    this.#disputeGame = options.deployment.addresses.disputeGame;
    this.#rollup = options.deployment.addresses.rollup;
  }

  get watchOnly(): boolean {
    return this.#o.sender === undefined;
  }

  /** Starts handling move jobs (one at a time: the account's nonces are sequential). */
  start(): void {
    this.#o.queue?.process((job) => this.#handle(job.data, job.attempt), { concurrency: 1 });
  }

  /** Looks at L1 and enqueues every move owed now. */
  async tick(): Promise<{ disputed: number; gamesInProgress: number }> {
    const disputed = await this.#o.replayStore.disputedLive();
    if (disputed.length > 0) {
      const latest = await this.#o.client.getBlock({ blockTag: "latest" });
      for (const replayed of disputed) {
        const batch = await this.#o.derivation.batchByRecordHash(replayed.recordHash);
        if (batch === undefined) continue;
        await this.#considerOpening(batch, latest.timestamp);
      }
    }
    const inProgress = await this.#o.games.inProgress();
    for (const game of inProgress) await this.#follow(game.gameId, game.recordHash);
    this.#o.metrics?.gamesOpen.set((await this.#o.games.inProgress()).length);
    return { disputed: disputed.length, gamesInProgress: inProgress.length };
  }

  async #considerOpening(batch: StoredBatch, now: bigint): Promise<void> {
    const { record, recordHash } = batch;
    const ours = await this.#o.games.byRecordHash(recordHash);
    if (ours.some((g) => g.status === "in-progress" || g.status === "challenger-won")) return;
    if (ours.some((g) => g.status === "proposer-won")) {
      this.#reportOnce(`lost-${recordHash}`, () =>
        this.#o.logger.error(
          { batch: record.index, recordHash },
          "a game against this batch was LOST: L1's one-step verifier sides with the proposer; not opening another",
        ),
      );
      return;
    }
    const closesAt = record.appendedAt + this.#o.deployment.parameters.challengeWindow;
    if (now >= closesAt) {
      this.#reportOnce(`closed-${recordHash}`, () =>
        this.#o.logger.error(
          { batch: record.index, recordHash, closedAt: closesAt },
          "disputed batch is past its challenge window: it will become final with a root this verifier rejects",
        ),
      );
      return;
    }
    if (this.watchOnly) {
      this.#reportOnce(`watch-${recordHash}`, () =>
        this.#o.logger.warn(
          { batch: record.index, recordHash, closesAt },
          "watch-only: would open a game against this batch (no key configured)",
        ),
      );
      return;
    }
    await this.#enqueue({ kind: "open", recordHash, attempt: ours.length });
  }

  async #follow(gameId: bigint, recordHash: Hex): Promise<void> {
    let view: GameView;
    try {
      view = await readGame(this.#o.client, this.#disputeGame, gameId);
    } catch (error) {
      if (!(error instanceof GameNotFoundError)) throw error;
      await this.#o.games.setStatus(gameId, "vanished");
      this.#o.logger.warn({ gameId, recordHash }, "game vanished from L1 (its opening was reorged out)");
      return;
    }
    if (view.status !== "in-progress") {
      await this.#resolved(view);
      return;
    }
    const live = await this.#isLive(view.batchIndex, view.batchHash);
    const move = nextMove(view, live);
    if (move === null) return;
    await this.#enqueue(this.#jobFor(gameId, move));
  }

  #jobFor(gameId: bigint, move: Move): MoveJob {
    const id = gameId.toString();
    switch (move.kind) {
      case "answer":
        return { kind: "answer", gameId: id, lo: move.lo, hi: move.hi };
      case "prove":
        return { kind: "prove", gameId: id, step: move.step };
      case "timeout":
        return { kind: "timeout", gameId: id, lo: move.lo, hi: move.hi };
      case "cancel":
        return { kind: "cancel", gameId: id };
    }
  }

  async #resolved(view: GameView): Promise<void> {
    await this.#o.games.setStatus(view.gameId, view.status);
    this.#o.metrics?.gamesResolved.inc({ outcome: view.status });
    const fields = { gameId: view.gameId, batch: view.batchIndex, status: view.status };
    if (view.status === "challenger-won") {
      this.#o.logger.info(
        fields,
        "game WON: the batch and every later one are deleted, the proposer slashed",
      );
    } else if (view.status === "cancelled") {
      this.#o.logger.info(fields, "game cancelled: another game deleted the batch; bond returned as credit");
    } else {
      this.#o.logger.error(fields, "game LOST: the one-step proof sided with the proposer");
    }
    if (view.status === "challenger-won" || view.status === "cancelled") {
      await this.#enqueue({ kind: "withdraw", gameId: view.gameId.toString() });
    }
  }

  async #enqueue(job: MoveJob): Promise<void> {
    if (this.#o.queue === undefined) return;
    await this.#o.queue.add(moveJobId(job), job, {
      attempts: this.#o.jobAttempts ?? 8,
      backoffMs: this.#o.jobBackoffMs ?? 1_000,
    });
  }

  #reportOnce(key: string, report: () => void): void {
    if (this.#reported.has(key)) return;
    this.#reported.add(key);
    report();
  }

  async #isLive(index: bigint, recordHash: Hex): Promise<boolean> {
    return this.#o.client.readContract({
      address: this.#rollup,
      abi: rollupAbi,
      functionName: "isLive",
      args: [index, recordHash],
    });
  }

  // -------------------------------------------------------------------------------------------------
  // Move jobs: each checks the game on L1 first and does nothing if the move is no longer owed.

  async #handle(job: MoveJob, attempt: number): Promise<void> {
    const { logger } = this.#o;
    try {
      switch (job.kind) {
        case "open":
          return await this.#open(job.recordHash, attempt);
        case "answer":
          return await this.#answer(BigInt(job.gameId), job.lo, job.hi, attempt);
        case "prove":
          return await this.#prove(BigInt(job.gameId), job.step, attempt);
        case "timeout":
          return await this.#timeout(BigInt(job.gameId), job.lo, job.hi, attempt);
        case "cancel":
          return await this.#cancel(BigInt(job.gameId), attempt);
        case "withdraw":
          return await this.#withdraw(attempt);
      }
    } catch (error) {
      if (error instanceof MoveRevertedError) {
        // L1 refused it in simulation: the game moved on meanwhile (another attempt, a timeout), or
        // the move is wrong. The next tick decides afresh from the game as it is then.
        logger.warn({ job: moveJobId(job), error: error.errorName }, "move not sent: L1 would refuse it");
        return;
      }
      logger.warn({ job: moveJobId(job), attempt, error: describeError(error) }, "move failed; will retry");
      throw error;
    }
  }

  async #send(call: ContractCall, attempt: number, move: string) {
    const receipt = await this.#o.sender!.send(call, attempt);
    this.#o.metrics?.movesSent.inc({ move });
    return receipt;
  }

  async #open(recordHash: Hex, attempt: number): Promise<void> {
    const { logger, derivation, games, client } = this.#o;
    const batch = await derivation.batchByRecordHash(recordHash);
    if (batch === undefined || batch.deletedAtBlock !== null) return;
    const { record } = batch;
    if ((await games.byRecordHash(recordHash)).some((g) => g.status === "in-progress")) return;
    if (!(await this.#isLive(record.index, recordHash))) return;
    const existing = await this.#findOwnGame(batch);
    if (existing !== undefined) {
      await games.insert({
        gameId: existing.gameId,
        recordHash,
        batchIndex: record.index,
        openedTx: existing.tx,
      });
      logger.info({ gameId: existing.gameId, batch: record.index }, "found this verifier's game on L1");
      return;
    }
    const now = (await client.getBlock({ blockTag: "latest" })).timestamp;
    if (now >= record.appendedAt + this.#o.deployment.parameters.challengeWindow) return;
    const others = await client.readContract({
      address: this.#rollup,
      abi: rollupAbi,
      functionName: "openGames",
      args: [recordHash],
    });
    const bond = this.#o.deployment.parameters.challengerBond;
    logger.warn(
      { batch: record.index, recordHash, bond, otherGames: others },
      others > 0n
        ? "opening a game: other games are open on this batch, but only our own game can be trusted to be played"
        : "opening a game against a batch with a wrong state root",
    );
    const receipt = await this.#send(
      {
        address: this.#disputeGame,
        abi: disputeGameAbi,
        functionName: "openGame",
        args: [record],
        value: bond,
      },
      attempt,
      "open",
    );
    const [opened] = parseEventLogs({ abi: disputeGameAbi, eventName: "GameOpened", logs: receipt.logs });
    if (opened === undefined) throw new CriticalError("openGame succeeded without a GameOpened event");
    await games.insert({
      gameId: opened.args.gameId,
      recordHash,
      batchIndex: record.index,
      openedTx: receipt.transactionHash,
    });
    logger.info({ gameId: opened.args.gameId, batch: record.index, steps: record.steps }, "game opened");
  }

  async #findOwnGame(batch: StoredBatch): Promise<{ gameId: bigint; tx: Hex } | undefined> {
    const logs = await this.#o.client.getContractEvents({
      address: this.#disputeGame,
      abi: disputeGameAbi,
      eventName: "GameOpened",
      args: { batchIndex: batch.record.index, challenger: this.#o.sender!.address },
      fromBlock: batch.l1Block,
      strict: true,
    });
    const mine = logs.find((log) => log.args.batchHash === batch.recordHash);
    return mine === undefined ? undefined : { gameId: mine.args.gameId, tx: mine.transactionHash };
  }

  async #gameAndBatch(gameId: bigint): Promise<{ view: GameView; batch: StoredBatch } | undefined> {
    const view = await readGame(this.#o.client, this.#disputeGame, gameId);
    if (view.status !== "in-progress") return undefined;
    const batch = await this.#o.derivation.batchByRecordHash(view.batchHash);
    if (batch === undefined) {
      throw new CriticalError("a game's batch is not among the derived batches", {
        details: { gameId, batchHash: view.batchHash },
      });
    }
    return { view, batch };
  }

  async #answer(gameId: bigint, lo: number, hi: number, attempt: number): Promise<void> {
    const found = await this.#gameAndBatch(gameId);
    if (found === undefined) return;
    const { view, batch } = found;
    const move = nextMove(view, true);
    if (move?.kind !== "answer" || move.lo !== lo || move.hi !== hi) return;
    const commitments = await this.#commitmentsOf(batch);
    const agree = answerMidpoint(move, commitments);
    const mid = Math.floor((lo + hi) / 2);
    this.#o.logger.info(
      { gameId, lo, hi, mid, revealed: move.midpoint, ours: bytesToHex(commitments[mid]!), agree },
      agree ? "agreeing with the proposer's midpoint" : "disputing the proposer's midpoint",
    );
    await this.#send(
      {
        address: this.#disputeGame,
        abi: disputeGameAbi,
        functionName: "answerMidpoint",
        args: [gameId, agree],
      },
      attempt,
      "answer",
    );
  }

  async #prove(gameId: bigint, step: number, attempt: number): Promise<void> {
    const found = await this.#gameAndBatch(gameId);
    if (found === undefined) return;
    const { view, batch } = found;
    const move = nextMove(view, true);
    if (move?.kind !== "prove" || move.step !== step) return;
    const { logger, replayer, client } = this.#o;
    const state = await replayer.preStateOf(batch.record.index);
    const witness = generateStepWitness(state, await this.#context(batch), step);
    const encoded = encodeStepWitness(witness);
    const context = createStepContext(witness, batch.record);
    if (context.preCommitment !== view.agreed) {
      logger.error(
        { gameId, step, ours: context.preCommitment, agreed: view.agreed },
        "cannot prove: the game's agreed commitment is not this verifier's c_lo (it agreed to a wrong midpoint?)",
      );
      return;
    }
    // What the one-step verifier will say, read first so the log tells the outcome before it happens.
    const [postCommitment, postStateRoot] = await client.readContract({
      address: this.#o.deployment.addresses.stepVerifier,
      abi: stepVerifierAbi,
      functionName: "executeStep",
      args: [context, encoded],
    });
    const proposerRight = isProposerRight(
      { lo: view.lo, hi: view.hi },
      view.steps,
      { disputed: hexToBytes(view.disputed), claimedStateRoot: hexToBytes(batch.record.stateRoot) },
      { postCommitment: hexToBytes(postCommitment), postStateRoot: hexToBytes(postStateRoot) },
    );
    (proposerRight ? logger.error.bind(logger) : logger.info.bind(logger))(
      { gameId, step, postCommitment, postStateRoot, witnessBytes: (encoded.length - 2) / 2 },
      proposerRight
        ? "submitting the one-step proof, which the StepVerifier says the proposer wins"
        : "submitting the one-step proof: the StepVerifier's result contradicts the proposer",
    );
    await this.#send(
      {
        address: this.#disputeGame,
        abi: disputeGameAbi,
        functionName: "proveStep",
        args: [gameId, batch.record, encoded],
      },
      attempt,
      "prove",
    );
  }

  async #timeout(gameId: bigint, lo: number, hi: number, attempt: number): Promise<void> {
    const found = await this.#gameAndBatch(gameId);
    if (found === undefined) return;
    const move = nextMove(found.view, true);
    if (move?.kind !== "timeout" || move.lo !== lo || move.hi !== hi) return;
    this.#o.logger.info({ gameId, lo, hi }, "the proposer's clock ran out: claiming the game");
    await this.#send(
      {
        address: this.#disputeGame,
        abi: disputeGameAbi,
        functionName: "claimTimeout",
        args: [gameId, found.batch.record],
      },
      attempt,
      "timeout",
    );
  }

  async #cancel(gameId: bigint, attempt: number): Promise<void> {
    const view = await readGame(this.#o.client, this.#disputeGame, gameId);
    if (view.status !== "in-progress" || (await this.#isLive(view.batchIndex, view.batchHash))) return;
    this.#o.logger.info({ gameId, batch: view.batchIndex }, "cancelling a game on a deleted batch");
    await this.#send(
      { address: this.#disputeGame, abi: disputeGameAbi, functionName: "cancelGame", args: [gameId] },
      attempt,
      "cancel",
    );
  }

  async #withdraw(attempt: number): Promise<void> {
    const me = this.#o.sender!.address;
    const credit = await this.#credit(me);
    if (credit === 0n) return;
    this.#o.logger.info({ credit, to: me }, "withdrawing DisputeGame credit");
    await this.#send(
      { address: this.#disputeGame, abi: disputeGameAbi, functionName: "withdrawCredit", args: [me] },
      attempt,
      "withdraw",
    );
  }

  async #credit(account: Address): Promise<bigint> {
    return this.#o.client.readContract({
      address: this.#disputeGame,
      abi: disputeGameAbi,
      functionName: "creditOf",
      args: [account],
    });
  }

  // -------------------------------------------------------------------------------------------------
  // The verifier's own view of a disputed batch.

  async #context(batch: StoredBatch): Promise<BatchContext> {
    const { record } = batch;
    const entries = new Map<bigint, QueueEntry>();
    for (const entry of await this.#o.derivation.queueEntries(
      record.queueStart,
      record.queueLimit,
      this.#o.config.chainId,
    )) {
      entries.set(entry.queueIndex, entry);
    }
    return {
      data: batch.data,
      queueLimit: record.queueLimit,
      config: this.#o.config,
      queueEntry: (queueIndex) => {
        const entry = entries.get(queueIndex);
        if (entry === undefined)
          throw new CriticalError("queue entry not derived", { details: { queueIndex } });
        return entry;
      },
    };
  }

  /** c_0 .. c_steps from the batch's pre-state (computed once, kept in memory and in the store). */
  async #commitmentsOf(batch: StoredBatch): Promise<Uint8Array[]> {
    const cached =
      this.#commitments.get(batch.recordHash) ??
      (await this.#o.replayStore.loadCommitments(batch.recordHash));
    if (cached !== undefined) {
      this.#commitments.set(batch.recordHash, cached);
      return cached;
    }
    const { record } = batch;
    const state = await this.#o.replayer.preStateOf(record.index);
    const commitments = stepCommitments(state, await this.#context(batch), record.steps);
    const start = commitmentOf(hexToBytes(record.parentStateRoot), INITIAL_CURSOR);
    if (!equalBytes(commitments[0]!, start)) {
      throw new CriticalError("this verifier's c_0 is not the game's start commitment", {
        details: { batch: record.index, ours: bytesToHex(commitments[0]!), start: bytesToHex(start) },
      });
    }
    await this.#o.replayStore.saveCommitments(batch.recordHash, commitments);
    this.#commitments.set(batch.recordHash, commitments);
    this.#o.logger.info(
      { batch: record.index, steps: record.steps },
      "computed this verifier's step commitments",
    );
    return commitments;
  }

  // -------------------------------------------------------------------------------------------------
  // Status

  async status(): Promise<ChallengerStatus> {
    const { client, sender, deployment, games } = this.#o;
    const address = sender?.address ?? null;
    const [balance, credit, stored] = await Promise.all([
      address === null ? Promise.resolve(null) : client.getBalance({ address }),
      address === null ? Promise.resolve(null) : this.#credit(address),
      games.all(),
    ]);
    if (balance !== null) this.#o.metrics?.bondBalance.set(Number(balance));
    if (credit !== null) this.#o.metrics?.credit.set(Number(credit));
    const views: GameStatusView[] = [];
    let locked = 0n;
    for (const game of stored) {
      if (game.status !== "in-progress") {
        views.push({
          gameId: game.gameId.toString(),
          batchIndex: game.batchIndex.toString(),
          status: game.status,
        });
        continue;
      }
      let view: GameView;
      try {
        view = await readGame(client, this.#disputeGame, game.gameId);
      } catch (error) {
        if (!(error instanceof GameNotFoundError)) throw error;
        views.push({
          gameId: game.gameId.toString(),
          batchIndex: game.batchIndex.toString(),
          status: "vanished",
        });
        continue;
      }
      if (view.status === "in-progress") locked += deployment.parameters.challengerBond;
      views.push({
        gameId: game.gameId.toString(),
        batchIndex: game.batchIndex.toString(),
        status: view.status,
        lo: view.lo,
        hi: view.hi,
        steps: view.steps,
        mover: view.mover,
        moverSecondsLeft: view.remaining.toString(),
        proposerClock: view.proposerClock.toString(),
        challengerClock: view.challengerClock.toString(),
      });
    }
    return {
      mode: sender === undefined ? "watch-only" : "challenger",
      address,
      balanceWei: balance?.toString() ?? null,
      creditWei: credit?.toString() ?? null,
      bondsLockedWei: locked.toString(),
      challengerBondWei: deployment.parameters.challengerBond.toString(),
      games: views,
    };
  }
}
