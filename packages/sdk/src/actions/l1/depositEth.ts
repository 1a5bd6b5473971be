import { type DepositEthParameters, type DepositEthReturnType, sendDepositEth } from "../../core/l1Writes.ts";
import type { AnyClient } from "../../internal/viemClient.ts";
import { viemL1Writer } from "../../internal/viemPorts.ts";

export type { DepositEthParameters, DepositEthReturnType };

/**
 * Deposits ETH through the Bridge (depositETH) from the wallet's account to `to` on L2, waits for the L1
 * receipt and returns the queue entry from the ETHDeposited event. The sequencer credits `to` at the start
 * of a later L2 block (waitForDeposit). Throws InvalidAmountError (amount not positive),
 * InvalidArgumentError (`to` is 0x0 or the L2 bridge address), AccountNotFoundError (no account),
 * ChainMismatchError (the client is not on the deployment's L1), TransactionRevertedError.
 *
 * @example
 * const { hash, queueIndex, l1Timestamp } = await depositEth(l1Wallet, {
 *   deployment,
 *   to: account.address,
 *   amount: parseEther("1"),
 * });
 */
export function depositEth(
  client: AnyClient,
  parameters: DepositEthParameters,
): Promise<DepositEthReturnType> {
  return sendDepositEth(viemL1Writer(client, parameters.pollingInterval), parameters);
}
