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
 *
 * @example
 * const l2 = createWalletClient({ account, chain: halcyon, transport: http() });
 * const signedTransaction = await l2.signTransaction(
 *   await l2.prepareTransactionRequest({ to: recipient, value: parseEther("0.1") }),
 * );
 * const { queueIndex, transactionHash } = await forceTransaction(l1Wallet, { deployment, signedTransaction });
 * // the sequencer applies the queue entry at the start of an L2 block: the transaction gets a receipt
 * const receipt = await l2Public.waitForTransactionReceipt({ hash: transactionHash });
 */
export function forceTransaction(
  client: AnyClient,
  parameters: ForceTransactionParameters,
): Promise<ForceTransactionReturnType> {
  return sendForceTransaction(viemL1Writer(client, parameters.pollingInterval), parameters);
}
