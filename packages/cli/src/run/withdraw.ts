import { getWithdrawal, withdrawEth, withdrawToken } from "@halcyon/sdk";
import { toBaseUnits } from "../args/parseAmount.ts";
import type { WithdrawInput } from "../commands/withdraw.ts";
import { CliError } from "../errors.ts";
import { formatAmount } from "../format/formatAmount.ts";
import { formatFields } from "../format/table.ts";
import type { Session } from "../session.ts";
import { ETH, l2Balance, l2TokenInfo } from "../tokenInfo.ts";

/** halcyon withdraw: the work, once the command line is checked. */
export async function run(session: Session, { amount, l1Token }: WithdrawInput): Promise<void> {
  const l2 = await session.l2Public();
  const token = l1Token === undefined ? ETH : await l2TokenInfo(l2, l1Token);
  const units = toBaseUnits(amount, token.decimals, "--value");
  const wallet = await session.l2Wallet();
  const from = wallet.account.address;
  const fmt = (v: bigint) => formatAmount(v, token.decimals, token.symbol);
  const before = await l2Balance(l2, from, token);
  // Refused here rather than by the sequencer (ETH) or, for a token, mined as a failure that costs its fee.
  if (before < units) {
    throw new CliError(`--value: ${from} has ${fmt(before)} on L2, less than ${fmt(units)}`);
  }

  const hash =
    l1Token === undefined
      ? await withdrawEth(wallet, { amount: units })
      : await withdrawToken(wallet, { l1Token, amount: units });
  session.out.progress(`sent ${hash}, waiting for its receipt…`);
  const receipt = await l2.waitForTransactionReceipt({ hash, pollingInterval: 100, timeout: 60_000 });
  if (receipt.status !== "success") {
    throw new CliError(
      `withdrawal transaction ${hash} failed on L2 (status 0, block ${receipt.blockNumber})`,
    );
  }
  const info = await getWithdrawal(l2, { transactionHash: hash });
  if (info === null) throw new CliError(`the sequencer has no withdrawal for ${hash}`);
  const w = info.withdrawal;
  session.out.result(
    [
      `Withdrawal #${w.index} of ${fmt(w.amount)} from ${w.l2Sender} (L2) to ${w.l1Recipient} (L1) started`,
      formatFields(
        [
          ["L2 transaction", hash],
          ["L2 block", receipt.blockNumber.toString()],
          ["withdrawal index", w.index.toString()],
        ],
        "  ",
      ),
      "",
      "Next: its batch must be posted on L1 and its challenge window pass. Then pay it on L1 with",
      `  halcyon finalize ${hash}`,
      "(which waits for that, with progress; check first with halcyon tx <hash>).",
    ].join("\n"),
    {
      command: "withdraw",
      transactionHash: hash,
      blockNumber: receipt.blockNumber,
      withdrawal: { ...w, token: token.l1Token, decimals: token.decimals },
      batchIndex: info.batchIndex,
      l1Status: info.l1Status,
      next: `halcyon finalize ${hash}`,
    },
  );
}
