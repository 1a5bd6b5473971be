import { GAS_WITHDRAWAL, L2_BRIDGE_ADDRESS } from "@halcyon/protocol";
import type { Signer } from "ethers";
import type { Hex } from "viem";
import type { WithdrawEthParameters } from "../actions/l2/withdrawEth.ts";
import { assertPositiveAmount } from "../internal/assertPositiveAmount.ts";
import { assertProviderChain, providerOf } from "./internal/ethersSigner.ts";

/**
 * withdrawEth for an ethers v6 Signer connected to the L2: a transaction to L2_BRIDGE_ADDRESS with gas
 * 50,000. `l2ChainId` guards against a signer on the wrong chain (ChainMismatchError).
 */
export async function withdrawEth(
  signer: Signer,
  parameters: WithdrawEthParameters & { readonly l2ChainId: bigint },
): Promise<Hex> {
  assertPositiveAmount(parameters.amount);
  await assertProviderChain(providerOf(signer), parameters.l2ChainId, "the L2");
  const tx = await signer.sendTransaction({
    to: L2_BRIDGE_ADDRESS,
    value: parameters.amount,
    gasLimit: GAS_WITHDRAWAL,
    chainId: parameters.l2ChainId,
    ...(parameters.maxFeePerGas === undefined ? {} : { maxFeePerGas: parameters.maxFeePerGas }),
    ...(parameters.maxPriorityFeePerGas === undefined
      ? {}
      : { maxPriorityFeePerGas: parameters.maxPriorityFeePerGas }),
    ...(parameters.nonce === undefined ? {} : { nonce: parameters.nonce }),
  });
  return tx.hash as Hex;
}
