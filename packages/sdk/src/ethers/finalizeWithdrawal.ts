import type { Signer } from "ethers";
import type { Hex } from "viem";
import type {
  FinalizeWithdrawalParameters,
  FinalizeWithdrawalReturnType,
} from "../actions/l1/finalizeWithdrawal.ts";
import { checkWithdrawalProof } from "../checkWithdrawalProof.ts";
import { bridgeContract } from "./internal/bridgeContract.ts";
import { assertProviderChain, eventArgs, providerOf, waitForSuccess } from "./internal/ethersSigner.ts";

/** finalizeWithdrawal for an ethers v6 Signer: pays a withdrawal on L1 from its proof. */
export async function finalizeWithdrawal(
  signer: Signer,
  { deployment, proof }: Omit<FinalizeWithdrawalParameters, "pollingInterval">,
): Promise<FinalizeWithdrawalReturnType> {
  checkWithdrawalProof(proof);
  await assertProviderChain(providerOf(signer), deployment.l1ChainId, "the deployment's L1");
  const bridge = bridgeContract(deployment, signer);
  const tx = await bridge.getFunction("finalizeWithdrawal")(
    { ...proof.batch.record },
    { ...proof.header },
    { ...proof.withdrawal },
    [...proof.siblings],
  );
  const receipt = await waitForSuccess(tx);
  const args = eventArgs(receipt, bridge.interface, deployment.addresses.bridge, "WithdrawalFinalized");
  return { hash: tx.hash as Hex, credited: args.credited as boolean };
}
