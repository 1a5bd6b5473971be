import type { Address } from "viem";
import { parseAddress } from "../args/parseAddress.ts";
import { type DecimalAmount, parseDecimalAmount } from "../args/parseAmount.ts";
import { type Command, requiredFlag } from "../command.ts";

export type DepositInput = {
  readonly amount: DecimalAmount;
  readonly to: Address | undefined;
  readonly l1Token: Address | undefined;
  readonly wait: boolean;
};

export const deposit: Command<DepositInput> = {
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
  parse(args) {
    const amount = parseDecimalAmount(requiredFlag(this, args, "value"), "--value");
    const toText = args.strings.get("to");
    const to = toText === undefined ? undefined : parseAddress(toText, "--to");
    const tokenText = args.strings.get("token");
    const l1Token = tokenText === undefined ? undefined : parseAddress(tokenText, "--token");
    const wait = !args.booleans.has("no-wait");
    return { amount, to, l1Token, wait };
  },
  load: () => import("../run/deposit.ts"),
};
