import type { Signer } from "ethers";
import {
  type ForceTransactionParameters,
  type ForceTransactionReturnType,
  sendForceTransaction,
} from "../core/l1Writes.ts";
import { ethersL1Writer } from "./internal/ethersPorts.ts";

/**
 * forceTransaction for an ethers v6 Signer on L1: queues a signed L2 transaction in the Bridge, so the
 * sequencer must include it within the force-inclusion delay. Returns what the viem action returns.
 *
 * @example
 * const l2Signer = new Wallet(privateKey, l2Provider);
 * const populated = await l2Signer.populateTransaction({ to: L2_BRIDGE_ADDRESS, value: parseEther("0.1"), gasLimit: 50_000n });
 * const signedTransaction = (await l2Signer.signTransaction(populated)) as Hex;
 * const forced = await ethersActions.forceTransaction(l1Signer, { deployment, signedTransaction });
 * // no L2 receipt: a forced withdrawal is found by queueTransactionHash once applied
 * const withdrawal = await ethersActions.getWithdrawal(l2Provider, { transactionHash: forced.queueTransactionHash });
 */
export function forceTransaction(
  signer: Signer,
  parameters: Omit<ForceTransactionParameters, "pollingInterval">,
): Promise<ForceTransactionReturnType> {
  return sendForceTransaction(ethersL1Writer(signer), parameters);
}
