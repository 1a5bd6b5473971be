import type { Signer } from "ethers";
import { type Address, getAddress, type Hex } from "viem";
import type { DepositEthParameters, DepositEthReturnType } from "../actions/l1/depositEth.ts";
import { assertL2Recipient } from "../internal/assertL2Recipient.ts";
import { assertPositiveAmount } from "../internal/assertPositiveAmount.ts";
import { bridgeContract } from "./internal/bridgeContract.ts";
import { assertProviderChain, eventArgs, providerOf, waitForSuccess } from "./internal/ethersSigner.ts";

/** depositEth for an ethers v6 Signer: deposits ETH through the Bridge, returns the queue index. */
export async function depositEth(
  signer: Signer,
  { deployment, to, amount }: Omit<DepositEthParameters, "pollingInterval">,
): Promise<DepositEthReturnType> {
  assertPositiveAmount(amount);
  assertL2Recipient(to);
  await assertProviderChain(providerOf(signer), deployment.l1ChainId, "the deployment's L1");
  const bridge = bridgeContract(deployment, signer);
  const tx = await bridge.getFunction("depositETH")(getAddress(to as Address), { value: amount });
  const receipt = await waitForSuccess(tx);
  const args = eventArgs(receipt, bridge.interface, deployment.addresses.bridge, "ETHDeposited");
  return {
    hash: tx.hash as Hex,
    queueIndex: args.queueIndex as bigint,
    l1Timestamp: args.timestamp as bigint,
  };
}
