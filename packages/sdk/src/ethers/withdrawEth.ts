import type { Signer } from "ethers";
import type { Hex } from "viem";
import { type WithdrawEthParameters, withdrawEthRequest } from "../core/withdrawalRequest.ts";
import { sendL2Request } from "./internal/sendL2Request.ts";

/**
 * withdrawEth for an ethers v6 Signer on the L2: a transaction to L2_BRIDGE_ADDRESS with gas 50,000;
 * returns its hash. `l2ChainId` guards against a signer on another chain (ChainMismatchError).
 *
 * @example
 * const l2Signer = new Wallet(privateKey, new JsonRpcProvider("http://127.0.0.1:8547"));
 * const withdrawalHash = await ethersActions.withdrawEth(l2Signer, {
 *   amount: parseEther("0.5"),
 *   l2ChainId: deployment.parameters.l2ChainId,
 * });
 */
export function withdrawEth(
  signer: Signer,
  parameters: WithdrawEthParameters & { readonly l2ChainId: bigint },
): Promise<Hex> {
  return sendL2Request(signer, parameters.l2ChainId, withdrawEthRequest(parameters));
}
