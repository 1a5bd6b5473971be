import type { Signer } from "ethers";
import {
  type FinalizeWithdrawalParameters,
  type FinalizeWithdrawalReturnType,
  sendFinalizeWithdrawal,
} from "../core/l1Writes.ts";
import { ethersL1Writer } from "./internal/ethersPorts.ts";

/**
 * finalizeWithdrawal for an ethers v6 Signer on L1: pays a withdrawal from its proof once its batch is
 * final or finalizable. The proof is checked first as the Bridge will (InvalidArgumentError); a batch
 * still in its window or a withdrawal already paid fail with TransactionRevertedError or ethers' error.
 *
 * @example
 * const proof = await ethersActions.getWithdrawalProof(l2Provider, { transactionHash: withdrawalHash });
 * await ethersActions.waitForBatchFinalizable(l1Provider, { deployment, record: proof!.batch.record });
 * const { credited } = await ethersActions.finalizeWithdrawal(l1Signer, { deployment, proof: proof! });
 */
export function finalizeWithdrawal(
  signer: Signer,
  parameters: Omit<FinalizeWithdrawalParameters, "pollingInterval">,
): Promise<FinalizeWithdrawalReturnType> {
  return sendFinalizeWithdrawal(ethersL1Writer(signer), parameters);
}
