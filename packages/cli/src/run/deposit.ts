import { depositErc20, depositEth, waitForDeposit } from "@halcyon/sdk";
import { type Address, erc20Abi } from "viem";
import { toBaseUnits } from "../args/parseAmount.ts";
import type { DepositInput } from "../commands/deposit.ts";
import { CliError } from "../errors.ts";
import { formatAmount } from "../format/formatAmount.ts";
import { formatFields } from "../format/table.ts";
import type { Session } from "../session.ts";
import { ETH, l1TokenInfo, l2Balance } from "../tokenInfo.ts";

/** halcyon deposit: the work, once the command line is checked. */
export async function run(session: Session, { amount, to, l1Token, wait }: DepositInput): Promise<void> {
  const deployment = await session.deployment();
  const l1 = await session.l1Public();
  const token = l1Token === undefined ? ETH : await l1TokenInfo(l1, l1Token);
  const units = toBaseUnits(amount, token.decimals, "--value");
  const wallet = await session.l1Wallet();
  const from = wallet.account.address;
  const recipient: Address = to ?? from;
  const held =
    token.l1Token === null
      ? await l1.getBalance({ address: from })
      : await l1.readContract({
          address: token.l1Token,
          abi: erc20Abi,
          functionName: "balanceOf",
          args: [from],
        });
  if (held < units) {
    const fmtHeld = formatAmount(held, token.decimals, token.symbol);
    throw new CliError(
      `--value: ${from} has ${fmtHeld} on L1, less than ${formatAmount(units, token.decimals, token.symbol)}`,
    );
  }

  session.out.progress(`sending the deposit of ${formatAmount(units, token.decimals, token.symbol)} on L1…`);
  const sent =
    l1Token === undefined
      ? { ...(await depositEth(wallet, { deployment, to: recipient, amount: units })), credited: units }
      : await depositErc20(wallet, { deployment, l1Token, to: recipient, amount: units }).then((r) => ({
          ...r,
          credited: r.amount,
        }));

  let l2BlockNumber: bigint | null = null;
  let balance: bigint | null = null;
  if (wait) {
    const l2 = await session.l2Public();
    session.out.progress(`waiting for the sequencer to credit deposit #${sent.queueIndex} on L2…`);
    l2BlockNumber = (await waitForDeposit(l2, { queueIndex: sent.queueIndex, pollingInterval: 250 }))
      .l2BlockNumber;
    balance = await l2Balance(l2, recipient, token);
  }

  const fmt = (v: bigint) => formatAmount(v, token.decimals, token.symbol);
  const fields: [string, string][] = [
    ["L1 transaction", sent.hash],
    ["queue index", sent.queueIndex.toString()],
    [
      "credited on L2",
      l2BlockNumber === null ? "not waited for (--no-wait)" : `in L2 block ${l2BlockNumber}`,
    ],
  ];
  if (balance !== null) fields.push(["L2 balance", fmt(balance)]);
  session.out.result(
    `Deposited ${fmt(sent.credited)} from ${from} (L1) to ${recipient} (L2)\n${formatFields(fields, "  ")}`,
    {
      command: "deposit",
      from,
      to: recipient,
      token: token.l1Token,
      l2Token: token.l2Token,
      amount: sent.credited,
      decimals: token.decimals,
      l1TransactionHash: sent.hash,
      queueIndex: sent.queueIndex,
      l2BlockNumber,
      l2Balance: balance,
    },
  );
}
