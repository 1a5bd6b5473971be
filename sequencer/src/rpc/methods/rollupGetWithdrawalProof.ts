import { bytesToHex, hexToBytes, verifyWithdrawalProof, WithdrawalTree } from "@halcyon/protocol";
import { readBatchOfBlock } from "../../store/batchTable.ts";
import { readWithdrawal, readWithdrawalLeafHashes } from "../../store/rollupQueries.ts";
import type { RpcMethod } from "../context.ts";
import { RPC_ERROR, RpcError } from "../errors.ts";
import { toQuantity } from "../format.ts";
import { paramList, parseHash, parseQuantity } from "../params.ts";
import { formatBatchRecord, formatStateHeader, l1StatusOf } from "../rollupFormat.ts";

/**
 * What Bridge.finalizeWithdrawal needs for one withdrawal, by the L2 transaction that made it (a 32-byte
 * hash) or by its index (a quantity): the leaf's fields, the batch that includes it (its record once it
 * is on L1), that batch's post-state header, and the leaf's 32 siblings bottom-up against the header's
 * withdrawals root. Before the withdrawal is in a batch, `batch`, `header` and `siblings` are null;
 * `finalizable` says whether the batch is final (the Bridge pays only then). Null if there is no such
 * withdrawal.
 */
export const rollupGetWithdrawalProof: RpcMethod = {
  name: "rollup_getWithdrawalProof",
  handler: async (params, ctx) => {
    const [which] = paramList(params, 1);
    const db = ctx.rollup.db;
    const withdrawal = await readWithdrawal(
      db,
      typeof which === "string" && which.length === 66
        ? { transactionHash: parseHash(which, "transaction hash or withdrawal index") }
        : { index: parseQuantity(which, "transaction hash or withdrawal index") },
    );
    if (withdrawal === undefined) return null;
    const leaf = withdrawal.leaf;
    const fields = {
      withdrawal: {
        index: toQuantity(leaf.index),
        l2Sender: leaf.l2Sender,
        l1Recipient: leaf.l1Recipient,
        l1Token: leaf.l1Token,
        amount: toQuantity(leaf.amount),
      },
      leafHash: withdrawal.leafHash,
      transactionHash: withdrawal.transactionHash,
      l2BlockNumber: toQuantity(withdrawal.blockNumber),
    };
    const batch = await readBatchOfBlock(db, withdrawal.blockNumber);
    if (batch === undefined) {
      return { ...fields, batch: null, header: null, siblings: null, finalizable: false };
    }
    const leaves = await readWithdrawalLeafHashes(db, batch.header.withdrawalCount);
    const siblings = WithdrawalTree.fromLeaves(leaves).proof(leaf.index);
    if (
      !verifyWithdrawalProof(
        batch.header.withdrawalsRoot,
        leaf.index,
        hexToBytes(withdrawal.leafHash),
        siblings,
      )
    ) {
      throw new RpcError(RPC_ERROR.INTERNAL_ERROR, "the stored withdrawals do not match the batch's root");
    }
    const l1Status = await l1StatusOf(ctx, batch);
    return {
      ...fields,
      batch: {
        index: toQuantity(batch.index),
        l1Status,
        recordHash: batch.inclusion?.recordHash ?? null,
        record: batch.inclusion === undefined ? null : formatBatchRecord(batch.inclusion.record),
      },
      header: formatStateHeader(batch.header),
      siblings: siblings.map(bytesToHex),
      finalizable: l1Status === "final",
    };
  },
};
