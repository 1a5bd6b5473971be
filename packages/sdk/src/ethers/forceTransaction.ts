import type { Signer } from "ethers";
import {
  type ForceTransactionParameters,
  type ForceTransactionReturnType,
  sendForceTransaction,
} from "../core/l1Writes.ts";
import { ethersL1Writer } from "./internal/ethersPorts.ts";

/**
 * forceTransaction for an ethers v6 Signer on L1: queues a signed L2 transaction in the Bridge, so the
 * sequencer must include it within the force-inclusion delay.
 *
 * @example
 * const l2Signer = new Wallet(privateKey, l2Provider);
 * const signedTransaction = (await l2Signer.signTransaction(
 *   await l2Signer.populateTransaction({ to: recipient, value: parseEther("0.1") }),
 * )) as Hex;
 * const { transactionHash } = await ethersActions.forceTransaction(l1Signer, { deployment, signedTransaction });
 * await l2Provider.waitForTransaction(transactionHash); // applied at the start of an L2 block
 */
export function forceTransaction(
  signer: Signer,
  parameters: Omit<ForceTransactionParameters, "pollingInterval">,
): Promise<ForceTransactionReturnType> {
  return sendForceTransaction(ethersL1Writer(signer), parameters);
}
