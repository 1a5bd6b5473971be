import { type GetTransactionStatusParameters, readTransactionStatus } from "../../core/l2Reads.ts";
import type { AnyClient } from "../../internal/viemClient.ts";
import { viemRpc } from "../../internal/viemPorts.ts";
import type { TransactionStatus } from "../../types.ts";

export type { GetTransactionStatusParameters };

/**
 * Where an L2 transaction stands (the sequencer's rollup_getTransactionStatus): in the pool or in a
 * block, in which batch, and that batch's L1 status (pending, posted, challenged, final). Null when the
 * sequencer does not know the hash. Throws InvalidArgumentError for a malformed hash,
 * InvalidRpcResponseError for an answer of another shape.
 *
 * @example
 * const status = await getTransactionStatus(l2Public, { hash });
 * console.log(status?.l2Status, status?.batchIndex, status?.l1Status);
 */
export function getTransactionStatus(
  client: AnyClient,
  parameters: GetTransactionStatusParameters,
): Promise<TransactionStatus | null> {
  return readTransactionStatus(viemRpc(client), parameters);
}
