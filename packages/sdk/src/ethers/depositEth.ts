import type { Signer } from "ethers";
import { type DepositEthParameters, type DepositEthReturnType, sendDepositEth } from "../core/l1Writes.ts";
import { ethersL1Writer } from "./internal/ethersPorts.ts";

/**
 * depositEth for an ethers v6 Signer on L1: deposits ETH through the Bridge to `to` on L2, waits for the
 * receipt and returns the queue entry. Same checks and errors as the viem action.
 *
 * @example
 * const l1Signer = new Wallet(privateKey, new JsonRpcProvider("http://127.0.0.1:8545"));
 * const { queueIndex } = await ethersActions.depositEth(l1Signer, {
 *   deployment,
 *   to: l1Signer.address as Address,
 *   amount: parseEther("1"),
 * });
 */
export function depositEth(
  signer: Signer,
  parameters: Omit<DepositEthParameters, "pollingInterval">,
): Promise<DepositEthReturnType> {
  return sendDepositEth(ethersL1Writer(signer), parameters);
}
