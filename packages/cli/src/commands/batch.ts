import { getBatch, getRollupStatus } from "@halcyon/sdk";
import { parseIndex } from "../args/parseIndex.ts";
import { type Command, positional } from "../command.ts";
import { CliError } from "../errors.ts";
import { formatFields } from "../format/table.ts";

export const batch: Command = {
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
  async run(session, args) {
    const index = parseIndex(positional(this, args, 0), "<n>");
    const l2 = await session.l2Public();
    const found = await getBatch(l2, { index });
    if (found === null) {
      const last = (await getRollupStatus(l2)).batches.last;
      throw new CliError(
        `no batch ${index}: ${last === null ? "no batch is cut yet" : `the last batch is ${last}`}`,
      );
    }
    const record = found.record;
    const fields: [string, string][] = [
      ["L2 blocks", `${found.firstBlock} to ${found.lastBlock}`],
      ["steps", found.steps.toString()],
      ["L1 status", found.l1Status],
      ["state root", found.stateRoot],
      ["parent root", found.parentStateRoot],
      ["data root", found.dataRoot],
      ["withdrawals", `${found.header.withdrawalCount} in all after it`],
      ["queue applied", `${found.header.queueApplied} entries in all after it`],
      ["L1 transaction", found.l1TransactionHash ?? "not on L1 yet"],
    ];
    if (found.l1BlockNumber !== null) fields.push(["L1 block", found.l1BlockNumber.toString()]);
    if (record !== null) {
      fields.push([
        "appended at",
        `${new Date(Number(record.appendedAt) * 1000).toISOString()} (L1 time ${record.appendedAt})`,
      ]);
      fields.push(["proposer", record.proposer]);
    }
    session.out.result(`Batch ${found.index}\n${formatFields(fields, "  ")}`, { command: "batch", ...found });
  },
};
