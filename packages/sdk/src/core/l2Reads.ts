import type { Hash } from "viem";
import { batchFromRpc } from "../convert/batchFromRpc.ts";
import { rollupStatusFromRpc } from "../convert/rollupStatusFromRpc.ts";
import { transactionStatusFromRpc } from "../convert/transactionStatusFromRpc.ts";
import { withdrawalInfoFromRpc } from "../convert/withdrawalInfoFromRpc.ts";
import { withdrawalProofFromRpc } from "../convert/withdrawalProofFromRpc.ts";
import { InvalidArgumentError } from "../errors.ts";
import { assertHash } from "../internal/assertHash.ts";
import type {
  BatchInfo,
  RollupStatus,
  SequencerWithdrawalProof,
  TransactionStatus,
  WithdrawalInfo,
} from "../types.ts";
import type { RpcRequest } from "./ports.ts";

// The rollup_* reads of the sequencer, for both clients: check the argument, call, convert the answer.

export type GetTransactionStatusParameters = {
  /** An L2 transaction's hash. */
  readonly hash: Hash;
};

export async function readTransactionStatus(
  rpc: RpcRequest,
  { hash }: GetTransactionStatusParameters,
): Promise<TransactionStatus | null> {
  assertHash(hash, "hash");
  const result = await rpc("rollup_getTransactionStatus", [hash]);
  return result === null ? null : transactionStatusFromRpc(result);
}

export type GetBatchParameters = {
  /** The batch's index: 1 is the first after genesis. */
  readonly index: bigint;
};

export async function readBatch(rpc: RpcRequest, { index }: GetBatchParameters): Promise<BatchInfo | null> {
  if (typeof index !== "bigint" || index < 0n) {
    throw new InvalidArgumentError("index must be a non-negative bigint", {
      details: { index: String(index) },
    });
  }
  const result = await rpc("rollup_getBatchByIndex", [`0x${index.toString(16)}`]);
  return result === null ? null : batchFromRpc(result);
}

export async function readRollupStatus(rpc: RpcRequest): Promise<RollupStatus> {
  return rollupStatusFromRpc(await rpc("rollup_getStatus", []));
}

export type GetWithdrawalParameters = {
  /** The L2 transaction that withdrew (withdrawEth, withdrawToken). */
  readonly transactionHash: Hash;
};

export async function readWithdrawal(
  rpc: RpcRequest,
  { transactionHash }: GetWithdrawalParameters,
): Promise<WithdrawalInfo | null> {
  assertHash(transactionHash, "transactionHash");
  const result = await rpc("rollup_getWithdrawalProof", [transactionHash]);
  return result === null ? null : withdrawalInfoFromRpc(result);
}

export type GetWithdrawalProofParameters = GetWithdrawalParameters;

export async function readWithdrawalProof(
  rpc: RpcRequest,
  { transactionHash }: GetWithdrawalProofParameters,
): Promise<SequencerWithdrawalProof | null> {
  assertHash(transactionHash, "transactionHash");
  const result = await rpc("rollup_getWithdrawalProof", [transactionHash]);
  if (result === null) return null;
  // Checks every stage's shape; only an answer with the batch's record carries a proof.
  const info = withdrawalInfoFromRpc(result);
  return info.recordHash === null ? null : withdrawalProofFromRpc(result);
}
