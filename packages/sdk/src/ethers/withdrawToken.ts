import type { Signer } from "ethers";
import type { Hex } from "viem";
import { type WithdrawTokenParameters, withdrawTokenRequest } from "../core/withdrawalRequest.ts";
import { sendL2Request } from "./internal/sendL2Request.ts";

/**
 * withdrawToken for an ethers v6 Signer on the L2: withdraw(amount) on the token's L2 address; returns
 * the transaction hash.
 *
 * @example
 * const withdrawalHash = await ethersActions.withdrawToken(l2Signer, {
 *   l1Token,
 *   amount: 10n,
 *   l2ChainId: deployment.parameters.l2ChainId,
 * });
 */
export function withdrawToken(
  signer: Signer,
  parameters: WithdrawTokenParameters & { readonly l2ChainId: bigint },
): Promise<Hex> {
  return sendL2Request(signer, parameters.l2ChainId, withdrawTokenRequest(parameters));
}
