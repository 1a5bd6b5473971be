import { parseIndex } from "../args/parseIndex.ts";
import { type Command, positional } from "../command.ts";

export type BatchInput = { readonly index: bigint };

export const batch: Command<BatchInput> = {
  name: "batch",
  summary: "one batch: its L2 blocks, roots and L1 status",
  usage: "halcyon batch <n>",
  description: [
    "A batch as the sequencer cut it (1 is the first after genesis): its L2 blocks and steps, state",
    "roots, L1 status (pending, posted, challenged, final) and, once on L1, its transaction and record.",
  ].join("\n"),
  flags: {},
  positionals: [
    { name: "<n>", description: "the batch index, a whole number (1 is the first after genesis)" },
  ],
  examples: ["halcyon batch 1", "halcyon batch 3 --json"],
  parse(args) {
    const index = parseIndex(positional(this, args, 0), "<n>");
    return { index };
  },
  load: () => import("../run/batch.ts"),
};
