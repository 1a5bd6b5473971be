import { rpcAddress, rpcFail, rpcHash, rpcObject, rpcQuantity } from "../internal/rpcFields.ts";
import type { BatchRecord, L1Status, StateHeaderHex, Withdrawal } from "../types.ts";

// Readers for the pieces several rollup_* answers share (sequencer/src/rpc/rollupFormat.ts): the batch
// record, the post-state header, the withdrawal leaf, and the L1 statuses.

export const L1_STATUSES: readonly L1Status[] = ["pending", "posted", "challenged", "final"];

/** A batch record on the wire (RpcBatchRecord) as the contracts take it; `where` names it in errors. */
export function batchRecordFromRpc(method: string, value: unknown, where: string): BatchRecord {
  const r = rpcObject(method, value, where);
  const steps = rpcQuantity(method, r, "steps");
  if (steps > 0xffffffffn) rpcFail(method, `${where}.steps is out of range`);
  return {
    index: rpcQuantity(method, r, "index"),
    epoch: rpcQuantity(method, r, "epoch"),
    dataRoot: rpcHash(method, r, "dataRoot"),
    parentStateRoot: rpcHash(method, r, "parentStateRoot"),
    stateRoot: rpcHash(method, r, "stateRoot"),
    steps: Number(steps),
    queueStart: rpcQuantity(method, r, "queueStart"),
    queueLimit: rpcQuantity(method, r, "queueLimit"),
    queueApplied: rpcQuantity(method, r, "queueApplied"),
    appendedAt: rpcQuantity(method, r, "appendedAt"),
    proposer: rpcAddress(method, r, "proposer"),
  };
}

/** A post-state header on the wire (RpcStateHeader). */
export function stateHeaderFromRpc(method: string, value: unknown, where: string): StateHeaderHex {
  const h = rpcObject(method, value, where);
  return {
    treeRoot: rpcHash(method, h, "treeRoot"),
    withdrawalsRoot: rpcHash(method, h, "withdrawalsRoot"),
    withdrawalCount: rpcQuantity(method, h, "withdrawalCount"),
    queueApplied: rpcQuantity(method, h, "queueApplied"),
    accountCount: rpcQuantity(method, h, "accountCount"),
  };
}

/** A withdrawal leaf on the wire (RpcWithdrawal). */
export function withdrawalFromRpc(method: string, value: unknown, where: string): Withdrawal {
  const w = rpcObject(method, value, where);
  return {
    index: rpcQuantity(method, w, "index"),
    l2Sender: rpcAddress(method, w, "l2Sender"),
    l1Recipient: rpcAddress(method, w, "l1Recipient"),
    l1Token: rpcAddress(method, w, "l1Token"),
    amount: rpcQuantity(method, w, "amount"),
  };
}
