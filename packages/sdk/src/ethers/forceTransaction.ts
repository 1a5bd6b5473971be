import type { Signer } from "ethers";
import type { Hex } from "viem";
import type {
  ForceTransactionParameters,
  ForceTransactionReturnType,
} from "../actions/l1/forceTransaction.ts";
import { decodeForcedTransaction } from "../internal/decodeForcedTransaction.ts";
import { bridgeContract } from "./internal/bridgeContract.ts";
import { assertProviderChain, eventArgs, providerOf, waitForSuccess } from "./internal/ethersSigner.ts";

/** forceTransaction for an ethers v6 Signer: queues a signed L2 transaction on L1. */
export async function forceTransaction(
  signer: Signer,
  { deployment, signedTransaction }: Omit<ForceTransactionParameters, "pollingInterval">,
): Promise<ForceTransactionReturnType> {
  const decoded = decodeForcedTransaction(signedTransaction, deployment.parameters.l2ChainId);
  await assertProviderChain(providerOf(signer), deployment.l1ChainId, "the deployment's L1");
  const bridge = bridgeContract(deployment, signer);
  const tx = await bridge.getFunction("forceTransaction")(signedTransaction);
  const receipt = await waitForSuccess(tx);
  const args = eventArgs(receipt, bridge.interface, deployment.addresses.bridge, "TransactionForced");
  return {
    hash: tx.hash as Hex,
    queueIndex: args.queueIndex as bigint,
    transactionHash: decoded.hash,
    l1Timestamp: args.timestamp as bigint,
  };
}
