import { type GetWithdrawalStatusParameters, readWithdrawalStatus } from "../../core/l1Reads.ts";
import type { AnyClient } from "../../internal/viemClient.ts";
import { viemL1Reader } from "../../internal/viemPorts.ts";
import type { WithdrawalStatus } from "../../types.ts";

export type { GetWithdrawalStatusParameters };

/**
 * Whether the Bridge has finalized (paid or credited) withdrawal `index` on L1. Throws
 * InvalidArgumentError for a negative index.
 *
 * @example
 * const { finalized } = await getWithdrawalStatus(l1Public, { deployment, index: proof.withdrawal.index });
 */
export function getWithdrawalStatus(
  client: AnyClient,
  parameters: GetWithdrawalStatusParameters,
): Promise<WithdrawalStatus> {
  return readWithdrawalStatus(viemL1Reader(client), parameters);
}
