import { getWithdrawal, withdrawEth, withdrawToken } from "@halcyon/sdk";
import { parseAddress } from "../args/parseAddress.ts";
import { parseDecimalAmount, toBaseUnits } from "../args/parseAmount.ts";
import { type Command, requiredFlag } from "../command.ts";
import { CliError } from "../errors.ts";
import { formatAmount } from "../format/formatAmount.ts";
import { formatFields } from "../format/table.ts";
import { ETH, l2Balance, l2TokenInfo } from "../tokenInfo.ts";

export const withdraw: Command = {
  name: "withdraw",
  summary: "start a withdrawal of ETH or a bridged ERC-20 from L2 to L1",
  usage: "halcyon withdraw --value <amount> [--token <l1 address>]",
  description: [
    "Sends the L2 withdrawal transaction and prints the withdrawal. The Bridge pays it on L1 to the",
    "same address once its batch is final (posted, then the challenge window passed): then run",
    "halcyon finalize <l2 transaction hash>, which waits for that if needed.",
  ].join("\n"),
  flags: {
    value: {
      type: "string",
      value: "<amount>",
      description: "amount in ether (or in the token's units with --token)",
    },
    token: {
      type: "string",
      value: "<l1 address>",
      description: "withdraw this bridged ERC-20, named by its L1 address",
    },
  },
  positionals: [],
  examples: [
    "halcyon withdraw --value 0.1",
    "halcyon withdraw --value 5 --token 0x5FbDB2315678afecb367f032d93F642f64180aa3",
  ],
  async run(session, args) {
    const amount = parseDecimalAmount(requiredFlag(this, args, "value"), "--value");
    const tokenText = args.strings.get("token");
    const l1Token = tokenText === undefined ? undefined : parseAddress(tokenText, "--token");

    const l2 = await session.l2Public();
    const token = l1Token === undefined ? ETH : await l2TokenInfo(l2, l1Token);
    const units = toBaseUnits(amount, token.decimals, "--value");
    const wallet = await session.l2Wallet();
    const from = wallet.account.address;
    const fmt = (v: bigint) => formatAmount(v, token.decimals, token.symbol);
    const before = await l2Balance(l2, from, token);
    if (token.l2Token !== null && before < units) {
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
  },
};
