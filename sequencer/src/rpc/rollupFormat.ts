import type { BatchRecord } from "@halcyon/node-common";
import { bytesToHex, type StateHeader } from "@halcyon/protocol";
import type { StoredBatch } from "../store/batchTable.ts";
import { readOpenGames } from "../store/rollupQueries.ts";
import type { RpcContext } from "./context.ts";
import { toQuantity } from "./format.ts";

// Shapes of the rollup_* answers: quantities as hex (as the Ethereum API has them), hashes as DATA, and
// the batch record and state header exactly as Bridge.finalizeWithdrawal and the DisputeGame take them.

/** Where a batch stands on L1, as users see it. */
export type L1Status = "pending" | "posted" | "challenged" | "final";

/** pending (not confirmed on L1 yet), posted, challenged (posted, with an open game), final. */
export async function l1StatusOf(ctx: RpcContext, batch: StoredBatch | undefined): Promise<L1Status> {
  if (batch === undefined || batch.status === "pending" || batch.status === "submitted") return "pending";
  if (batch.status === "final") return "final";
  const games = await readOpenGames(ctx.rollup.db, batch.index);
  return games.length > 0 ? "challenged" : "posted";
}

export function formatStateHeader(header: StateHeader): Record<string, unknown> {
  return {
    treeRoot: bytesToHex(header.treeRoot),
    withdrawalsRoot: bytesToHex(header.withdrawalsRoot),
    withdrawalCount: toQuantity(header.withdrawalCount),
    queueApplied: toQuantity(header.queueApplied),
    accountCount: toQuantity(header.accountCount),
  };
}

export function formatBatchRecord(record: BatchRecord): Record<string, unknown> {
  return {
    index: toQuantity(record.index),
    epoch: toQuantity(record.epoch),
    dataRoot: record.dataRoot,
    parentStateRoot: record.parentStateRoot,
    stateRoot: record.stateRoot,
    steps: toQuantity(record.steps),
    queueStart: toQuantity(record.queueStart),
    queueLimit: toQuantity(record.queueLimit),
    queueApplied: toQuantity(record.queueApplied),
    appendedAt: toQuantity(record.appendedAt),
    proposer: record.proposer,
  };
}

/** A batch: its blocks, commitments, post-state header, L1 status and, once appended, its record. */
export async function formatBatch(
  ctx: RpcContext,
  batch: StoredBatch,
  includeData: boolean,
): Promise<Record<string, unknown>> {
  const at = batch.inclusion;
  return {
    index: toQuantity(batch.index),
    firstBlock: toQuantity(batch.firstBlock),
    lastBlock: toQuantity(batch.lastBlock),
    steps: toQuantity(batch.steps),
    dataRoot: batch.dataRoot,
    ...(includeData ? { data: bytesToHex(batch.data), dataLength: toQuantity(batch.data.length) } : {}),
    parentStateRoot: batch.parentStateRoot,
    stateRoot: batch.stateRoot,
    header: formatStateHeader(batch.header),
    queueStart: toQuantity(batch.queueStart),
    status: batch.status,
    l1Status: await l1StatusOf(ctx, batch),
    l1TransactionHash: at?.txHash ?? null,
    l1BlockNumber: at === undefined ? null : toQuantity(at.blockNumber),
    l1BlockHash: at?.blockHash ?? null,
    recordHash: at?.recordHash ?? null,
    record: at === undefined ? null : formatBatchRecord(at.record),
  };
}
