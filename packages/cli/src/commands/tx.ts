import type { Hex } from "viem";
import { parseHash } from "../args/parseHash.ts";
import { type Command, positional } from "../command.ts";

export type TxInput = { readonly hash: Hex };

export const tx: Command<TxInput> = {
  name: "tx",
  summary: "one L2 transaction: its receipt, its batch and that batch's L1 status",
  usage: "halcyon tx <hash>",
  description: [
    "An L2 transaction with its receipt, the batch that holds it and where that batch stands on L1",
    "(pending, posted, challenged, final); for a withdrawal, the withdrawal and what to do next.",
  ].join("\n"),
  flags: {},
  positionals: [{ name: "<hash>", description: "the L2 transaction hash" }],
  examples: ["halcyon tx 0x2f1c…", "halcyon tx 0x2f1c… --json | jq .l1Status"],
  parse(args) {
    const hash = parseHash(positional(this, args, 0), "<hash>");
    return { hash };
  },
  load: () => import("../run/tx.ts"),
};
