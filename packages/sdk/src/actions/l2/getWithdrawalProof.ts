import { type Hash, isHex } from "viem";
import { InvalidArgumentError } from "../../errors.ts";
import type { AnyClient } from "../../internal/viemClient.ts";
import type { RpcWithdrawalProof, WithdrawalProof } from "../../types.ts";
import { withdrawalProofFromRpc } from "../../withdrawalProofFromRpc.ts";

/** The EIP-1193 schema of the Halcyon method this action calls, for typed `client.request`. */
export type GetWithdrawalProofRpcSchema = [
  {
    Method: "rollup_getWithdrawalProof";
    Parameters: [transactionHash: Hash];
    ReturnType: RpcWithdrawalProof | null;
  },
];

export type GetWithdrawalProofParameters = {
  /** The L2 transaction that withdrew (withdrawEth, withdrawToken). */
  readonly transactionHash: Hash;
};

/**
 * Whether a rollup_getWithdrawalProof answer carries a proof: the sequencer answers for a withdrawal as
 * soon as it is in a block, with `batch: null` until the batcher cuts its batch and `batch.record: null`
 * until that batch is in an L1 block; only then is there a record for the Bridge.
 */
export function onL1(result: unknown): boolean {
  if (result === null || typeof result !== "object") return false;
  const batch = (result as { batch?: unknown }).batch;
  if (batch === null || batch === undefined || typeof batch !== "object") return false;
  const record = (batch as { record?: unknown }).record;
  return record !== null && record !== undefined;
}

/**
 * The proof of the withdrawal made by an L2 transaction (the sequencer's rollup_getWithdrawalProof), or
 * null when the transaction made no withdrawal or its batch is not appended on L1 yet. Pass it to
 * finalizeWithdrawal once the batch is final (waitForBatchFinality with proof.batch.index).
 */
export async function getWithdrawalProof(
  client: AnyClient,
  { transactionHash }: GetWithdrawalProofParameters,
): Promise<WithdrawalProof | null> {
  if (!isHex(transactionHash, { strict: true }) || transactionHash.length !== 66) {
    throw new InvalidArgumentError("transactionHash must be a 32-byte hex string", {
      details: { transactionHash: String(transactionHash) },
    });
  }
  const request = client.request as unknown as (args: {
    method: GetWithdrawalProofRpcSchema[0]["Method"];
    params: GetWithdrawalProofRpcSchema[0]["Parameters"];
  }) => Promise<GetWithdrawalProofRpcSchema[0]["ReturnType"]>;
  const result = await request({ method: "rollup_getWithdrawalProof", params: [transactionHash] });
  return onL1(result) ? withdrawalProofFromRpc(result) : null;
}
