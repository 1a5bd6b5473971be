import type { Signer } from "ethers";
import type { Hex } from "viem";
import type { WithdrawalRequest } from "../../core/withdrawalRequest.ts";
import { assertProviderChain, providerOf } from "./ethersSigner.ts";

/** Sends a withdrawal's transaction from an ethers Signer, after checking it is on the L2. */
export async function sendL2Request(
  signer: Signer,
  l2ChainId: bigint,
  request: WithdrawalRequest,
): Promise<Hex> {
  await assertProviderChain(providerOf(signer), l2ChainId, "the L2");
  const { gas, ...fields } = request;
  const tx = await signer.sendTransaction({ ...fields, gasLimit: gas, chainId: l2ChainId });
  return tx.hash as Hex;
}
