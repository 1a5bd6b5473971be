import { GAS_WITHDRAWAL, L2_BRIDGE_ADDRESS } from "@halcyon/protocol";
import type { Hex } from "viem";
import { sendTransaction } from "viem/actions";
import { assertL2Client } from "../../internal/assertL2Client.ts";
import { assertPositiveAmount } from "../../internal/assertPositiveAmount.ts";
import type { AnyClient } from "../../internal/viemClient.ts";

export type WithdrawEthParameters = {
  /** Wei to withdraw; paid on L1 to the same address as the sender (docs/protocol.md §3.5). */
  readonly amount: bigint;
  readonly maxFeePerGas?: bigint;
  readonly maxPriorityFeePerGas?: bigint;
  readonly nonce?: number;
};

/**
 * Withdraws ETH from L2: a transaction to L2_BRIDGE_ADDRESS with `amount` as value and gas GAS_WITHDRAWAL
 * (50,000). Returns the L2 transaction hash; once its batch is appended, getWithdrawalProof gives the proof
 * that finalizeWithdrawal takes on L1 after the batch is final.
 */
export async function withdrawEth(client: AnyClient, parameters: WithdrawEthParameters): Promise<Hex> {
  assertPositiveAmount(parameters.amount);
  const { account, chain } = await assertL2Client(client);
  return sendTransaction(client, {
    account,
    chain,
    to: L2_BRIDGE_ADDRESS,
    value: parameters.amount,
    gas: GAS_WITHDRAWAL,
    ...(parameters.maxFeePerGas === undefined ? {} : { maxFeePerGas: parameters.maxFeePerGas }),
    ...(parameters.maxPriorityFeePerGas === undefined
      ? {}
      : { maxPriorityFeePerGas: parameters.maxPriorityFeePerGas }),
    ...(parameters.nonce === undefined ? {} : { nonce: parameters.nonce }),
  });
}
