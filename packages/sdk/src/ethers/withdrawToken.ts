import { requiredGas } from "@halcyon/protocol";
import type { Signer } from "ethers";
import { encodeFunctionData, type Hex, parseAbi } from "viem";
import { type WithdrawTokenParameters, withdrawTokenTarget } from "../actions/l2/withdrawToken.ts";
import { assertPositiveAmount } from "../internal/assertPositiveAmount.ts";
import { assertProviderChain, providerOf } from "./internal/ethersSigner.ts";

const l2TokenAbi = parseAbi(["function withdraw(uint256 amount)"]);

/** withdrawToken for an ethers v6 Signer connected to the L2: withdraw(amount) on the token's L2 address. */
export async function withdrawToken(
  signer: Signer,
  parameters: WithdrawTokenParameters & { readonly l2ChainId: bigint },
): Promise<Hex> {
  assertPositiveAmount(parameters.amount);
  const to = withdrawTokenTarget(parameters);
  await assertProviderChain(providerOf(signer), parameters.l2ChainId, "the L2");
  const data = encodeFunctionData({ abi: l2TokenAbi, functionName: "withdraw", args: [parameters.amount] });
  const tx = await signer.sendTransaction({
    to,
    data,
    value: 0n,
    gasLimit: requiredGas(to, (data.length - 2) / 2),
    chainId: parameters.l2ChainId,
    ...(parameters.maxFeePerGas === undefined ? {} : { maxFeePerGas: parameters.maxFeePerGas }),
    ...(parameters.maxPriorityFeePerGas === undefined
      ? {}
      : { maxPriorityFeePerGas: parameters.maxPriorityFeePerGas }),
    ...(parameters.nonce === undefined ? {} : { nonce: parameters.nonce }),
  });
  return tx.hash as Hex;
}
