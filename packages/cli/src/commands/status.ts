import type { Command } from "../command.ts";

export type StatusInput = Record<string, never>;

export const status: Command<StatusInput> = {
  name: "status",
  summary: "the L2 head, batches pending and final, and open dispute games",
  usage: "halcyon status",
  description: [
    "The sequencer's view (L2 head, safe and finalized blocks, batches cut, posted and final) and",
    "L1's (final batches, dispute games in progress with their clocks, read from the contracts).",
  ].join("\n"),
  flags: {},
  positionals: [],
  examples: ["halcyon status", "halcyon status --json | jq .batches"],
  parse(_args) {
    return {};
  },
  load: () => import("../run/status.ts"),
};
