import { type GetWithdrawalParameters, readWithdrawal } from "../../core/l2Reads.ts";
import type { AnyClient } from "../../internal/viemClient.ts";
import { viemRpc } from "../../internal/viemPorts.ts";
import type { WithdrawalInfo } from "../../types.ts";

export type { GetWithdrawalParameters };

/**
 * The withdrawal an L2 transaction made (its index, recipient, token and amount) and where its batch
 * stands, at any time after the transaction is in a block (rollup_getWithdrawalProof); null if the
 * transaction made no withdrawal or is not in a block yet. getWithdrawalProof gives the proof once the
 * batch is on L1. Throws InvalidArgumentError for a malformed hash, InvalidRpcResponseError for an answer
 * of another shape.
 *
 * @example
 * const info = await getWithdrawal(l2Public, { transactionHash: withdrawalHash });
 * console.log(info?.withdrawal.index, info?.batchIndex, info?.l1Status, info?.finalizable);
 */
export function getWithdrawal(
  client: AnyClient,
  parameters: GetWithdrawalParameters,
): Promise<WithdrawalInfo | null> {
  return readWithdrawal(viemRpc(client), parameters);
}
