import { getTransactionStatus, getWithdrawal } from "@halcyon/sdk";
import { getAddress, zeroAddress } from "viem";
import type { TxInput } from "../commands/tx.ts";
import { CliError } from "../errors.ts";
import { formatAmount } from "../format/formatAmount.ts";
import { formatFields } from "../format/table.ts";
import type { Session } from "../session.ts";
import { ETH, l2TokenInfo } from "../tokenInfo.ts";

/** halcyon tx: the work, once the command line is checked. */
export async function run(session: Session, { hash }: TxInput): Promise<void> {
  const l2 = await session.l2Public();
  const [transaction, status] = await Promise.all([
    l2.getTransaction({ hash }).catch(() => null),
    getTransactionStatus(l2, { hash }),
  ]);
  if (transaction === null || status === null) {
    throw new CliError(`transaction ${hash} is unknown to the sequencer at ${session.options.l2Rpc}`);
  }
  const receipt = status.l2Status === "included" ? await l2.getTransactionReceipt({ hash }) : null;
  const withdrawal = receipt === null ? null : await getWithdrawal(l2, { transactionHash: hash });
  const fee = receipt === null ? null : receipt.gasUsed * receipt.effectiveGasPrice;
  const fields: [string, string][] = [
    ["from", getAddress(transaction.from)],
    ["to", transaction.to === null ? "none" : getAddress(transaction.to)],
    ["value", formatAmount(transaction.value, 18, "ETH")],
    ["nonce", transaction.nonce.toString()],
    [
      "status",
      receipt === null
        ? "pending (in the sequencer's pool)"
        : receipt.status === "success"
          ? "success"
          : "failed",
    ],
  ];
  if (receipt !== null && fee !== null) {
    fields.push(
      ["block", `${receipt.blockNumber} (${receipt.blockHash})`],
      ["fee", formatAmount(fee, 18, "ETH")],
    );
  }
  fields.push(
    ["batch", status.batchIndex === null ? "not cut yet" : status.batchIndex.toString()],
    ["L1 status", status.l1Status],
    ["L1 transaction", status.l1TransactionHash ?? "not on L1 yet"],
  );
  const lines = [`Transaction ${hash}`, formatFields(fields, "  ")];
  if (withdrawal !== null) {
    const w = withdrawal.withdrawal;
    const token = w.l1Token === zeroAddress ? ETH : await l2TokenInfo(l2, w.l1Token);
    const amount = formatAmount(w.amount, token.decimals, token.symbol);
    lines.push(
      `Withdrawal #${w.index}: ${amount} to ${w.l1Recipient} on L1`,
      withdrawal.finalizable
        ? `  its batch is final: pay it with halcyon finalize ${hash}`
        : `  not final yet: halcyon finalize ${hash} waits for it, then pays`,
    );
  }
  session.out.result(lines.join("\n"), {
    command: "tx",
    hash,
    from: getAddress(transaction.from),
    to: transaction.to === null ? null : getAddress(transaction.to),
    value: transaction.value,
    nonce: transaction.nonce,
    status: receipt === null ? "pending" : receipt.status,
    blockNumber: receipt?.blockNumber ?? null,
    blockHash: receipt?.blockHash ?? null,
    fee,
    batchIndex: status.batchIndex,
    l1Status: status.l1Status,
    l1TransactionHash: status.l1TransactionHash,
    l1BlockNumber: status.l1BlockNumber,
    withdrawal:
      withdrawal === null ? null : { ...withdrawal.withdrawal, finalizable: withdrawal.finalizable },
  });
}
