import type { Address } from "viem";
import { parseAddress } from "../args/parseAddress.ts";
import { type DecimalAmount, parseDecimalAmount } from "../args/parseAmount.ts";
import { type Command, requiredFlag } from "../command.ts";

export type WithdrawInput = { readonly amount: DecimalAmount; readonly l1Token: Address | undefined };

export const withdraw: Command<WithdrawInput> = {
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
  parse(args) {
    const amount = parseDecimalAmount(requiredFlag(this, args, "value"), "--value");
    const tokenText = args.strings.get("token");
    const l1Token = tokenText === undefined ? undefined : parseAddress(tokenText, "--token");
    return { amount, l1Token };
  },
  load: () => import("../run/withdraw.ts"),
};
