import {
  type FinalizeWithdrawalParameters,
  type FinalizeWithdrawalReturnType,
  sendFinalizeWithdrawal,
} from "../../core/l1Writes.ts";
import type { AnyClient } from "../../internal/viemClient.ts";
import { viemL1Writer } from "../../internal/viemPorts.ts";

export type { FinalizeWithdrawalParameters, FinalizeWithdrawalReturnType };

/**
 * Pays a withdrawal on L1 (the Bridge's finalizeWithdrawal) from its proof; anyone may send it, the
 * payment goes to the withdrawal's l1Recipient. The batch must be final, or finalizable (the Bridge
 * finalizes it on the way: waitForBatchFinalizable). The proof is checked first as the Bridge will
 * (InvalidArgumentError); a batch still in its window or a withdrawal already paid revert (viem's
 * ContractFunctionExecutionError or TransactionRevertedError).
 *
 * @example
 * const proof = await getWithdrawalProof(l2Public, { transactionHash: withdrawalHash });
 * if (proof === null) throw new Error("the withdrawal's batch is not on L1 yet");
 * await waitForBatchFinalizable(l1Public, { deployment, record: proof.batch.record });
 * const { hash, credited } = await finalizeWithdrawal(l1Wallet, { deployment, proof });
 */
export function finalizeWithdrawal(
  client: AnyClient,
  parameters: FinalizeWithdrawalParameters,
): Promise<FinalizeWithdrawalReturnType> {
  return sendFinalizeWithdrawal(viemL1Writer(client, parameters.pollingInterval), parameters);
}
