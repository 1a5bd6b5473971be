import type { Hex } from "viem";
import { sendTransaction } from "viem/actions";
import { type WithdrawEthParameters, withdrawEthRequest } from "../../core/withdrawalRequest.ts";
import { assertL2Client } from "../../internal/assertL2Client.ts";
import type { AnyClient } from "../../internal/viemClient.ts";

export type { WithdrawEthParameters };

/**
 * Withdraws ETH from L2: a transaction to L2_BRIDGE_ADDRESS with `amount` as value and gas GAS_WITHDRAWAL
 * (50,000), paid on L1 to the sender's own address. Returns the L2 transaction hash; once its batch is on
 * L1, getWithdrawalProof gives the proof that finalizeWithdrawal takes after the challenge window. The
 * client must be a wallet client with an account and a Halcyon chain. Throws InvalidAmountError,
 * AccountNotFoundError, ChainMismatchError.
 *
 * @example
 * const withdrawalHash = await withdrawEth(l2Wallet, { amount: parseEther("0.5") });
 * await l2Public.waitForTransactionReceipt({ hash: withdrawalHash });
 */
export async function withdrawEth(client: AnyClient, parameters: WithdrawEthParameters): Promise<Hex> {
  const request = withdrawEthRequest(parameters);
  const { account, chain } = await assertL2Client(client);
  return sendTransaction(client, { ...request, account, chain });
}
