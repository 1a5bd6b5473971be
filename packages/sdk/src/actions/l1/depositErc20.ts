import {
  type DepositErc20Parameters,
  type DepositErc20ReturnType,
  sendDepositErc20,
} from "../../core/l1Writes.ts";
import type { AnyClient } from "../../internal/viemClient.ts";
import { viemL1Writer } from "../../internal/viemPorts.ts";

export type { DepositErc20Parameters, DepositErc20ReturnType };

/**
 * Deposits an ERC-20 through the Bridge (depositERC20): approves the Bridge for `amount` first if its
 * allowance is lower, then deposits and returns the queue entry, the amount the Bridge received (what L2
 * credits) and the token's L2 address from the ERC20Deposited event. Throws as depositEth does, and
 * InvalidArgumentError when `l1Token` is not a token address.
 *
 * @example
 * const { queueIndex, amount, l2Token, approvalHash } = await depositErc20(l1Wallet, {
 *   deployment,
 *   l1Token,
 *   to: account.address,
 *   amount: 1_000n,
 * });
 */
export function depositErc20(
  client: AnyClient,
  parameters: DepositErc20Parameters,
): Promise<DepositErc20ReturnType> {
  return sendDepositErc20(viemL1Writer(client, parameters.pollingInterval), parameters);
}
