import type { Signer } from "ethers";
import {
  type DepositErc20Parameters,
  type DepositErc20ReturnType,
  sendDepositErc20,
} from "../core/l1Writes.ts";
import { ethersL1Writer } from "./internal/ethersPorts.ts";

/**
 * depositErc20 for an ethers v6 Signer on L1: approves the Bridge if its allowance is below `amount`,
 * deposits, and returns the queue entry, the credited amount and the token's L2 address.
 *
 * @example
 * const { queueIndex, l2Token } = await ethersActions.depositErc20(l1Signer, {
 *   deployment,
 *   l1Token,
 *   to: l1Signer.address as Address,
 *   amount: 1_000n,
 * });
 */
export function depositErc20(
  signer: Signer,
  parameters: Omit<DepositErc20Parameters, "pollingInterval">,
): Promise<DepositErc20ReturnType> {
  return sendDepositErc20(ethersL1Writer(signer), parameters);
}
