import type { Hex } from "viem";
import { parseHash } from "../args/parseHash.ts";
import { type Command, positional } from "../command.ts";

export type FinalizeInput = { readonly hash: Hex; readonly wait: boolean };

export const finalize: Command<FinalizeInput> = {
  name: "finalize",
  summary: "pay a withdrawal on L1 once its batch is final (waits with progress)",
  usage: "halcyon finalize <l2 transaction hash> [--no-wait]",
  description: [
    "Finds the withdrawal made by an L2 transaction, waits until its batch is posted on L1 and its",
    "challenge window has passed (progress on stderr), then calls the Bridge's finalizeWithdrawal,",
    "which pays the withdrawal's L1 recipient. Any account may send it. With --no-wait it fails",
    "instead of waiting. A withdrawal already paid is reported and left alone.",
  ].join("\n"),
  flags: { "no-wait": { type: "boolean", description: "fail instead of waiting for the batch's finality" } },
  positionals: [
    {
      name: "<l2 transaction hash>",
      description: "the L2 transaction that withdrew (halcyon withdraw prints it)",
    },
  ],
  examples: [
    "halcyon finalize 0x2f1c…(the hash halcyon withdraw printed)",
    "halcyon finalize 0x2f1c… --no-wait --json",
  ],
  parse(args) {
    const hash = parseHash(positional(this, args, 0), "<l2 transaction hash>");
    const wait = !args.booleans.has("no-wait");
    return { hash, wait };
  },
  load: () => import("../run/finalize.ts"),
};
