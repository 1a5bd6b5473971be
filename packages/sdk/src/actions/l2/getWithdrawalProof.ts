import type { Hash } from "viem";
import { type GetWithdrawalProofParameters, readWithdrawalProof } from "../../core/l2Reads.ts";
import type { AnyClient } from "../../internal/viemClient.ts";
import { viemRpc } from "../../internal/viemPorts.ts";
import type { RpcWithdrawalProof, SequencerWithdrawalProof } from "../../types.ts";

/** The EIP-1193 schema of the Halcyon method this action calls, for a typed `client.request`. */
export type GetWithdrawalProofRpcSchema = [
  {
    Method: "rollup_getWithdrawalProof";
    Parameters: [transactionHash: Hash];
    ReturnType: RpcWithdrawalProof | null;
  },
];

export type { GetWithdrawalProofParameters };

/**
 * The proof of the withdrawal an L2 transaction made (the sequencer's rollup_getWithdrawalProof), with
 * its leaf hash, its batch's record hash and L1 status and whether it is final; null when the transaction
 * made no withdrawal or its batch is not in an L1 block yet (waitForTransactionBatch waits for that).
 * Pass it to finalizeWithdrawal once the batch is finalizable (waitForBatchFinalizable). Throws
 * InvalidArgumentError for a malformed hash, InvalidRpcResponseError for an answer of another shape.
 *
 * @example
 * await waitForTransactionBatch(l2Public, { hash: withdrawalHash });
 * const proof = await getWithdrawalProof(l2Public, { transactionHash: withdrawalHash });
 * console.log(proof?.withdrawal.amount, proof?.batch.index, proof?.finalizable);
 */
export function getWithdrawalProof(
  client: AnyClient,
  parameters: GetWithdrawalProofParameters,
): Promise<SequencerWithdrawalProof | null> {
  return readWithdrawalProof(viemRpc(client), parameters);
}
