import { requiredGas } from "@halcyon/protocol";
import { type Address, encodeFunctionData, erc20Abi } from "viem";
import { toBaseUnits } from "../args/parseAmount.ts";
import type { SendInput } from "../commands/send.ts";
import { CliError } from "../errors.ts";
import { formatAmount } from "../format/formatAmount.ts";
import { formatFields } from "../format/table.ts";
import type { Session } from "../session.ts";
import { ETH, l2Balance, l2TokenInfo } from "../tokenInfo.ts";

/** halcyon send: the work, once the command line is checked. */
export async function run(session: Session, { to, amount, l1Token }: SendInput): Promise<void> {
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
  let hash: `0x${string}`;
  if (token.l2Token === null) {
    hash = await wallet.sendTransaction({ to, value: units });
  } else {
    const data = encodeFunctionData({ abi: erc20Abi, functionName: "transfer", args: [to, units] });
    const target: Address = token.l2Token;
    hash = await wallet.sendTransaction({
      to: target,
      data,
      gas: requiredGas(target, (data.length - 2) / 2),
    });
  }
  session.out.progress(`sent ${hash}, waiting for its receipt…`);
  const receipt = await l2.waitForTransactionReceipt({ hash, pollingInterval: 100, timeout: 60_000 });
  if (receipt.status !== "success") {
    throw new CliError(`transaction ${hash} failed on L2 (status 0, block ${receipt.blockNumber})`);
  }
  const fee = receipt.gasUsed * receipt.effectiveGasPrice;
  session.out.result(
    `Sent ${fmt(units)} from ${from} to ${to} on L2\n${formatFields(
      [
        ["transaction", hash],
        ["block", receipt.blockNumber.toString()],
        ["fee", formatAmount(fee, 18, "ETH")],
      ],
      "  ",
    )}`,
    {
      command: "send",
      from,
      to,
      token: token.l1Token,
      l2Token: token.l2Token,
      amount: units,
      decimals: token.decimals,
      transactionHash: hash,
      blockNumber: receipt.blockNumber,
      status: receipt.status,
      fee,
    },
  );
}
