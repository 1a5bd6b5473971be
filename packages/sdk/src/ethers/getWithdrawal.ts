import { type GetWithdrawalParameters, readWithdrawal } from "../core/l2Reads.ts";
import type { WithdrawalInfo } from "../types.ts";
import { type EthersRpcProvider, ethersRpc } from "./internal/ethersPorts.ts";

/**
 * getWithdrawal for an ethers v6 JsonRpcProvider on the L2: the withdrawal a transaction made and where
 * its batch stands, before or after the batch is on L1; null if it made none.
 *
 * @example
 * const info = await ethersActions.getWithdrawal(l2Provider, { transactionHash: withdrawalHash });
 */
export function getWithdrawal(
  provider: EthersRpcProvider,
  parameters: GetWithdrawalParameters,
): Promise<WithdrawalInfo | null> {
  return readWithdrawal(ethersRpc(provider), parameters);
}
