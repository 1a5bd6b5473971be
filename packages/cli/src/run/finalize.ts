import {
  BatchDeletedError,
  type ChallengeWindow,
  finalizeWithdrawal,
  getChallengeWindow,
  getTransactionStatus,
  getWithdrawal,
  getWithdrawalProof,
  getWithdrawalStatus,
  type TransactionStatus,
  type WithdrawalProof,
  waitForBatchFinalizable,
  waitForTransactionBatch,
} from "@halcyon/sdk";
import { zeroAddress } from "viem";
import type { FinalizeInput } from "../commands/finalize.ts";
import { CliError } from "../errors.ts";
import { formatAmount } from "../format/formatAmount.ts";
import { formatDuration } from "../format/formatDuration.ts";
import { formatFields } from "../format/table.ts";
import type { Session } from "../session.ts";
import { ETH, l1TokenInfo } from "../tokenInfo.ts";

function windowProgress(w: ChallengeWindow): string {
  if (w.openGames > 0n) {
    return `batch ${w.batchIndex} is challenged (${w.openGames} open game${w.openGames === 1n ? "" : "s"}): waiting for the game to end`;
  }
  if (w.secondsLeft > 0n) {
    return `batch ${w.batchIndex}: challenge window closes in ${formatDuration(w.secondsLeft)} (L1 time)`;
  }
  return `batch ${w.batchIndex}: challenge window closed, waiting until L1 can make it final`;
}

function batchProgress(s: TransactionStatus | null): string {
  if (s === null || s.batchIndex === null) return "waiting for the withdrawal's batch to be cut…";
  return `waiting for batch ${s.batchIndex} to be posted on L1 (now ${s.l1Status})…`;
}

/** The proof, once the withdrawal's batch is posted; with --no-wait, CliError if it is not yet. */
async function proofOnL1(session: Session, hash: `0x${string}`, wait: boolean): Promise<WithdrawalProof> {
  const l2 = await session.l2Public();
  if (wait) {
    await waitForTransactionBatch(l2, {
      hash,
      pollingInterval: 500,
      onProgress: (s) => {
        if (s === null || s.l1Status === "pending") session.out.progress(batchProgress(s));
      },
    });
  } else {
    const status = await getTransactionStatus(l2, { hash });
    if (status === null || status.l1Status === "pending") {
      throw new CliError(
        `not final yet: the batch of ${hash} is not on L1 yet; run again later, or without --no-wait to wait`,
      );
    }
  }
  const proof = await getWithdrawalProof(l2, { transactionHash: hash });
  if (proof === null) throw new CliError(`the sequencer has no proof for the withdrawal of ${hash}`);
  return proof;
}

/** halcyon finalize: the work, once the command line is checked. */
export async function run(session: Session, { hash, wait }: FinalizeInput): Promise<void> {
  const deployment = await session.deployment();
  const l1 = await session.l1Public();
  const l2 = await session.l2Public();
  const info = await getWithdrawal(l2, { transactionHash: hash });
  if (info === null) {
    throw new CliError(`transaction ${hash} made no withdrawal (or the sequencer does not know it)`);
  }
  const w = info.withdrawal;
  const token = w.l1Token === zeroAddress ? ETH : await l1TokenInfo(l1, w.l1Token);
  const what = formatAmount(w.amount, token.decimals, token.symbol);
  const summary = { index: w.index, l1Recipient: w.l1Recipient, l1Token: w.l1Token, amount: w.amount };
  if ((await getWithdrawalStatus(l1, { deployment, index: w.index })).finalized) {
    session.out.result(
      `Withdrawal #${w.index} (${what} to ${w.l1Recipient}) is already finalized: nothing to do`,
      {
        command: "finalize",
        withdrawal: summary,
        alreadyFinalized: true,
        l1TransactionHash: null,
        credited: null,
      },
    );
    return;
  }

  let proof: WithdrawalProof;
  for (;;) {
    proof = await proofOnL1(session, hash, wait);
    const record = proof.batch.record;
    try {
      if (wait) {
        await waitForBatchFinalizable(l1, {
          deployment,
          record,
          pollingInterval: 500,
          onProgress: (window) => session.out.progress(windowProgress(window)),
        });
      } else {
        const window = await getChallengeWindow(l1, { deployment, record });
        if (!window.live) throw new BatchDeletedError(`batch ${record.index} was deleted on L1`);
        if (!window.finalizable) {
          throw new CliError(
            `not final yet: ${windowProgress(window)}; run again later, or without --no-wait`,
          );
        }
      }
      break;
    } catch (error) {
      if (!(error instanceof BatchDeletedError) || !wait) throw error;
      session.out.progress(
        `batch ${record.index} was deleted by a won challenge: waiting for the withdrawal's new batch`,
      );
    }
  }

  session.out.progress(`finalizing withdrawal #${w.index} on L1…`);
  const wallet = await session.l1Wallet();
  const { hash: l1Hash, credited } = await finalizeWithdrawal(wallet, { deployment, proof });
  const outcome = credited
    ? `the payment to ${w.l1Recipient} failed, so the Bridge credited it: claim it with the Bridge's claimCredit`
    : `paid ${what} to ${w.l1Recipient} on L1`;
  session.out.result(
    `Finalized withdrawal #${w.index}: ${outcome}\n${formatFields(
      [
        ["L1 transaction", l1Hash],
        ["batch", proof.batch.index.toString()],
        ["sent by", wallet.account.address],
      ],
      "  ",
    )}`,
    {
      command: "finalize",
      withdrawal: summary,
      alreadyFinalized: false,
      batchIndex: proof.batch.index,
      l1TransactionHash: l1Hash,
      credited,
    },
  );
}
