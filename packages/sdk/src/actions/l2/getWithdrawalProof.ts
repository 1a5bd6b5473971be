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
  return result === null ? null : withdrawalProofFromRpc(result);
}
