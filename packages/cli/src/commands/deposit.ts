import { depositErc20, depositEth, waitForDeposit } from "@halcyon/sdk";
import type { Address } from "viem";
import { parseAddress } from "../args/parseAddress.ts";
import { parseDecimalAmount, toBaseUnits } from "../args/parseAmount.ts";
import { type Command, requiredFlag } from "../command.ts";
import { formatAmount } from "../format/formatAmount.ts";
import { formatFields } from "../format/table.ts";
import { ETH, l1TokenInfo, l2Balance } from "../tokenInfo.ts";

export const deposit: Command = {
  name: "deposit",
  summary: "deposit ETH or an ERC-20 from L1 to L2 through the Bridge",
  usage: "halcyon deposit --value <amount> [--to <address>] [--token <l1 address>] [--no-wait]",
  description: [
    "Sends a deposit to the L1 Bridge from the signing account, then waits until the sequencer has",
    "credited it on L2 (unless --no-wait). An ERC-20 deposit approves the Bridge first if needed.",
  ].join("\n"),
  flags: {
    value: {
      type: "string",
      value: "<amount>",
      description: "amount in ether (or in the token's units with --token)",
    },
    to: { type: "string", value: "<address>", description: "the L2 account credited (default: the signer)" },
    token: {
      type: "string",
      value: "<l1 address>",
      description: "deposit this ERC-20 (its decimals are read from it)",
    },
    "no-wait": { type: "boolean", description: "return once the L1 transaction is mined" },
  },
  positionals: [],
  examples: [
    "halcyon deposit --value 1.5",
    "halcyon deposit --value 100 --token 0x5FbDB2315678afecb367f032d93F642f64180aa3 --to 0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  ],
  async run(session, args) {
    const amount = parseDecimalAmount(requiredFlag(this, args, "value"), "--value");
    const toText = args.strings.get("to");
    const to = toText === undefined ? undefined : parseAddress(toText, "--to");
    const tokenText = args.strings.get("token");
    const l1Token = tokenText === undefined ? undefined : parseAddress(tokenText, "--token");
    const wait = !args.booleans.has("no-wait");

    const deployment = await session.deployment();
    const l1 = await session.l1Public();
    const token = l1Token === undefined ? ETH : await l1TokenInfo(l1, l1Token);
    const units = toBaseUnits(amount, token.decimals, "--value");
    const wallet = await session.l1Wallet();
    const from = wallet.account.address;
    const recipient: Address = to ?? from;

    session.out.progress(
      `sending the deposit of ${formatAmount(units, token.decimals, token.symbol)} on L1…`,
    );
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
  },
};
