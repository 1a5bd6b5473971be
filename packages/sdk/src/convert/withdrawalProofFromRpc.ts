import { rpcFail, rpcHash, rpcOneOf, rpcQuantity } from "../internal/rpcFields.ts";
import type { RpcWithdrawalProof, SequencerWithdrawalProof } from "../types.ts";
import { batchRecordFromRpc, L1_STATUSES, stateHeaderFromRpc, withdrawalFromRpc } from "./rpcRecord.ts";
import { checkWithdrawalAnswer, METHOD } from "./withdrawalInfoFromRpc.ts";

/**
 * Converts a rollup_getWithdrawalProof answer whose batch is on L1 (RpcWithdrawalProof with a record)
 * into the proof finalizeWithdrawal takes, with bigints. InvalidRpcResponseError, naming the field, for
 * another shape or an answer without a record yet (getWithdrawalProof returns null for those).
 *
 * @example
 * const json = await l2Provider.send("rollup_getWithdrawalProof", [withdrawalHash]);
 * const proof = withdrawalProofFromRpc(json); // once json.batch.record is set
 * checkWithdrawalProof(proof); // as the Bridge will check it
 */
export function withdrawalProofFromRpc(json: RpcWithdrawalProof | unknown): SequencerWithdrawalProof {
  const { root, batch } = checkWithdrawalAnswer(json);
  if (batch === null || batch.record === null) {
    rpcFail(METHOD, "the withdrawal's batch is not on L1 yet: no record to prove against");
  }
  return {
    withdrawal: withdrawalFromRpc(METHOD, root.withdrawal, "withdrawal"),
    leafHash: rpcHash(METHOD, root, "leafHash"),
    transactionHash: rpcHash(METHOD, root, "transactionHash"),
    l2BlockNumber: rpcQuantity(METHOD, root, "l2BlockNumber"),
    batch: {
      index: rpcQuantity(METHOD, batch, "index"),
      record: batchRecordFromRpc(METHOD, batch.record, "batch.record"),
      recordHash: rpcHash(METHOD, batch, "recordHash"),
      l1Status: rpcOneOf(METHOD, batch, "l1Status", L1_STATUSES),
    },
    header: stateHeaderFromRpc(METHOD, root.header, "header"),
    siblings: (root.siblings as unknown[]).map((s) => (s as string).toLowerCase() as `0x${string}`),
    finalizable: root.finalizable as boolean,
  };
}
