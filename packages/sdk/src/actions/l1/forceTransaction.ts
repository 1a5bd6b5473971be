import {
  type ForceTransactionParameters,
  type ForceTransactionReturnType,
  sendForceTransaction,
} from "../../core/l1Writes.ts";
import type { AnyClient } from "../../internal/viemClient.ts";
import { viemL1Writer } from "../../internal/viemPorts.ts";

export type { ForceTransactionParameters, ForceTransactionReturnType };

/**
 * Queues a signed L2 transaction on L1 (the Bridge's forceTransaction), so the sequencer must include it
 * within the force-inclusion delay: the way to transact, and withdraw, when the sequencer ignores you.
 * Anyone may send it; the L2 sender is the transaction's signer. The transaction is checked first with
 * the Bridge's rules (InvalidArgumentError instead of a revert); otherwise throws as depositEth does.
 * Returns the queue entry, the L2 transaction's hash, and the hash the sequencer files the applied entry
 * under (a forced transaction has no L2 receipt: its logs and withdrawal carry queueTransactionHash).
 *
 * @example
 * // a withdrawal signed on L2 (l2Wallet: a wallet client on a Halcyon chain), forced through L1
 * const request = await l2Wallet.prepareTransactionRequest({ to: L2_BRIDGE_ADDRESS, value: parseEther("0.1"), gas: 50_000n });
 * const signedTransaction = await l2Wallet.signTransaction(request);
 * const forced = await forceTransaction(l1Wallet, { deployment, signedTransaction });
 * // no L2 receipt: the sequencer files the applied entry under queueTransactionHash
 * const withdrawal = await getWithdrawal(l2Public, { transactionHash: forced.queueTransactionHash }); // null until applied
 */
export function forceTransaction(
  client: AnyClient,
  parameters: ForceTransactionParameters,
): Promise<ForceTransactionReturnType> {
  return sendForceTransaction(viemL1Writer(client, parameters.pollingInterval), parameters);
}
