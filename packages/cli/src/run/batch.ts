import { getBatch, getRollupStatus } from "@halcyon/sdk";
import type { BatchInput } from "../commands/batch.ts";
import { CliError } from "../errors.ts";
import { formatFields } from "../format/table.ts";
import type { Session } from "../session.ts";

/** halcyon batch: the work, once the command line is checked. */
export async function run(session: Session, { index }: BatchInput): Promise<void> {
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
}
