import type { Address } from "viem";
import { parseAddress } from "../args/parseAddress.ts";
import { type DecimalAmount, parseDecimalAmount } from "../args/parseAmount.ts";
import { type Command, requiredFlag } from "../command.ts";

export type SendInput = {
  readonly to: Address;
  readonly amount: DecimalAmount;
  readonly l1Token: Address | undefined;
};

export const send: Command<SendInput> = {
  name: "send",
  summary: "send ETH or a bridged ERC-20 to an address on L2",
  usage: "halcyon send --to <address> --value <amount> [--token <l1 address>]",
  description: [
    "Signs an L2 transfer with the signing account, sends it to the sequencer and waits for its",
    "receipt (the sequencer's soft confirmation, within a block time).",
  ].join("\n"),
  flags: {
    to: { type: "string", value: "<address>", description: "the recipient on L2" },
    value: {
      type: "string",
      value: "<amount>",
      description: "amount in ether (or in the token's units with --token)",
    },
    token: {
      type: "string",
      value: "<l1 address>",
      description: "send this bridged ERC-20, named by its L1 address",
    },
  },
  positionals: [],
  examples: [
    "halcyon send --to 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --value 0.25",
    "halcyon send --to 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --value 10 --token 0x5FbDB2315678afecb367f032d93F642f64180aa3 --json",
  ],
  parse(args) {
    const to = parseAddress(requiredFlag(this, args, "to"), "--to");
    const amount = parseDecimalAmount(requiredFlag(this, args, "value"), "--value");
    const tokenText = args.strings.get("token");
    const l1Token = tokenText === undefined ? undefined : parseAddress(tokenText, "--token");
    return { to, amount, l1Token };
  },
  load: () => import("../run/send.ts"),
};
