// Plays one DisputeGame on L1 by the rules of packages/protocol/src/dispute: the proposer reveals its own
// commitment at each midpoint, the challenger agrees iff it is its own, and at the last step someone submits
// the honest one-step witness of step lo. Each side's view is a list of commitments c_0 .. c_N (honest, or
// lying from some step on); the driver keeps the interval itself and checks it, and the outcome the final
// rule predicts, against the contract's events. It records the gas of every transaction.
import { parseEventLogs, type TransactionReceipt } from "viem";
import {
  bytesToHex,
  challengerAgrees,
  type Hex,
  hexToBytes,
  type Interval,
  initialInterval,
  isProofOwed,
  isProposerRight,
  midpoint,
  nextInterval,
  proposerReveal,
  provenStep,
} from "../../../packages/protocol/src/index.ts";
import { disputeGameAbi, GameStatus } from "./abis.ts";
import { type AppendedBatch, type HalcyonL1, HarnessError, send, type Wallet } from "./l1.ts";

/** One side of a game: who moves, and the commitments c_0 .. c_N it believes. */
export type GameSide = { readonly wallet: Wallet; readonly commitments: readonly Uint8Array[] };

/** Gas of every transaction of a game, by kind. */
export type GameGas = {
  open: bigint;
  reveals: bigint[];
  answers: bigint[];
  proof: bigint;
  timeout: bigint;
};

export type GameOptions = {
  readonly batch: AppendedBatch;
  readonly proposer: GameSide;
  readonly challenger: GameSide;
  /** The encoded honest one-step witness of `step` (the transition step -> step + 1). */
  readonly witness: (step: number) => Hex;
};

export class GameDriver {
  readonly l1: HalcyonL1;
  readonly gameId: bigint;
  readonly options: GameOptions;
  readonly steps: number;
  readonly gas: GameGas;
  /** The interval as both sides see it: c_lo agreed, c_hi disputed. */
  interval: Interval;
  #pending: Uint8Array | undefined;

  private constructor(l1: HalcyonL1, gameId: bigint, options: GameOptions, openGas: bigint) {
    this.l1 = l1;
    this.gameId = gameId;
    this.options = options;
    this.steps = options.batch.record.steps;
    this.interval = initialInterval(this.steps);
    this.gas = { open: openGas, reveals: [], answers: [], proof: 0n, timeout: 0n };
    for (const side of [options.proposer, options.challenger]) {
      if (side.commitments.length !== this.steps + 1) throw new HarnessError("a side needs c_0 .. c_N");
    }
  }

  /** The challenger opens a game against the batch, posting the bond. */
  static async open(l1: HalcyonL1, options: GameOptions): Promise<GameDriver> {
    const receipt = await send(
      l1,
      l1.game(options.challenger.wallet).write.openGame([options.batch.record], {
        value: l1.parameters.challengerBond,
      }),
    );
    const [opened] = parseEventLogs({ abi: disputeGameAbi, eventName: "GameOpened", logs: receipt.logs });
    if (opened === undefined) throw new HarnessError("openGame emitted no GameOpened");
    // Both sides must agree on c_0, which the contract computes from the parent's state root.
    for (const side of [options.proposer, options.challenger]) {
      if (bytesToHex(side.commitments[0]!) !== opened.args.startCommitment) {
        throw new HarnessError("a side's c_0 is not the contract's start commitment");
      }
    }
    return new GameDriver(l1, opened.args.gameId, options, receipt.gasUsed);
  }

  get proofOwed(): boolean {
    return isProofOwed(this.interval);
  }

  /** The proposer reveals its commitment at the midpoint. */
  async reveal(): Promise<TransactionReceipt> {
    const commitment = proposerReveal(this.options.proposer.commitments, this.interval);
    const receipt = await send(
      this.l1,
      this.l1.game(this.options.proposer.wallet).write.revealMidpoint([this.gameId, bytesToHex(commitment)]),
    );
    const [event] = parseEventLogs({
      abi: disputeGameAbi,
      eventName: "MidpointRevealed",
      logs: receipt.logs,
    });
    if (event?.args.mid !== midpoint(this.interval))
      throw new HarnessError("the contract's midpoint differs");
    this.#pending = commitment;
    this.gas.reveals.push(receipt.gasUsed);
    return receipt;
  }

  /** The challenger answers the pending midpoint from its own commitments. */
  async answer(): Promise<TransactionReceipt> {
    const revealed = this.#pending;
    if (revealed === undefined) throw new HarnessError("no midpoint to answer");
    const agree = challengerAgrees(revealed, this.options.challenger.commitments, this.interval);
    const receipt = await send(
      this.l1,
      this.l1.game(this.options.challenger.wallet).write.answerMidpoint([this.gameId, agree]),
    );
    const next = nextInterval(this.interval, agree);
    const [event] = parseEventLogs({
      abi: disputeGameAbi,
      eventName: "MidpointAnswered",
      logs: receipt.logs,
    });
    if (event?.args.lo !== next.lo || event.args.hi !== next.hi) {
      throw new HarnessError("the contract's interval differs from the driver's");
    }
    this.interval = next;
    this.#pending = undefined;
    this.gas.answers.push(receipt.gasUsed);
    return receipt;
  }

  /** Reveals and answers until one step is left. */
  async bisect(): Promise<void> {
    while (!this.proofOwed) {
      await this.reveal();
      await this.answer();
    }
  }

  /**
   * Submits the honest one-step proof of step lo from `submitter`, and checks that the contract decided
   * what the final rule predicts from the step's result.
   */
  async prove(
    submitter: Wallet,
  ): Promise<{ receipt: TransactionReceipt; proposerWon: boolean; step: number }> {
    const step = provenStep(this.interval);
    const { record } = this.options.batch;
    const receipt = await send(
      this.l1,
      this.l1.game(submitter).write.proveStep([this.gameId, record, this.options.witness(step)]),
    );
    this.gas.proof = receipt.gasUsed;
    const [proven] = parseEventLogs({ abi: disputeGameAbi, eventName: "StepProven", logs: receipt.logs });
    const [resolved] = parseEventLogs({ abi: disputeGameAbi, eventName: "GameResolved", logs: receipt.logs });
    if (proven === undefined || resolved === undefined) throw new HarnessError("proveStep did not resolve");
    if (proven.args.step !== step) throw new HarnessError("the contract proved another step");
    const predicted = isProposerRight(
      this.interval,
      this.steps,
      {
        disputed: this.options.proposer.commitments[this.interval.hi]!,
        claimedStateRoot: hexToBytes(record.stateRoot),
      },
      {
        postCommitment: hexToBytes(proven.args.postCommitment),
        postStateRoot: hexToBytes(proven.args.postStateRoot),
      },
    );
    const proposerWon = resolved.args.status === GameStatus.ProposerWon;
    if (proposerWon !== predicted)
      throw new HarnessError("the contract's verdict differs from the final rule");
    return { receipt, proposerWon, step };
  }

  /** Bisects to one step and proves it from `submitter`. */
  async play(submitter: Wallet) {
    await this.bisect();
    return this.prove(submitter);
  }

  /** Ends the game because the mover's clock ran out (anyone may call). */
  async claimTimeout(caller: Wallet): Promise<TransactionReceipt> {
    const receipt = await send(
      this.l1,
      this.l1.game(caller).write.claimTimeout([this.gameId, this.options.batch.record]),
    );
    this.gas.timeout = receipt.gasUsed;
    return receipt;
  }
}
