import {
  pollDeposit,
  type WaitForDepositParameters,
  type WaitForDepositReturnType,
} from "../core/l2Waits.ts";
import { type EthersRpcProvider, ethersRpc } from "./internal/ethersPorts.ts";

/**
 * waitForDeposit for an ethers v6 JsonRpcProvider on the L2: resolves with the L2 block that credited
 * deposit `queueIndex`; WaitTimeoutError after `timeout` ms.
 *
 * @example
 * const { queueIndex } = await ethersActions.depositEth(l1Signer, { deployment, to, amount: parseEther("1") });
 * const { l2BlockNumber } = await ethersActions.waitForDeposit(l2Provider, { queueIndex });
 */
export function waitForDeposit(
  provider: EthersRpcProvider,
  parameters: WaitForDepositParameters,
): Promise<WaitForDepositReturnType> {
  return pollDeposit(ethersRpc(provider), parameters);
}
