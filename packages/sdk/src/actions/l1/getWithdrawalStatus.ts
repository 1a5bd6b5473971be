import { readContract } from "viem/actions";
import { bridgeAbi } from "../../abis.ts";
import { InvalidArgumentError } from "../../errors.ts";
import type { AnyClient } from "../../internal/viemClient.ts";
import type { Deployment, WithdrawalStatus } from "../../types.ts";

export type GetWithdrawalStatusParameters = {
  readonly deployment: Deployment;
  /** The withdrawal's index in the withdrawals tree (WithdrawalProof.withdrawal.index). */
  readonly index: bigint;
};

/** Whether the Bridge has finalized (paid or credited) withdrawal `index`. */
export async function getWithdrawalStatus(
  client: AnyClient,
  { deployment, index }: GetWithdrawalStatusParameters,
): Promise<WithdrawalStatus> {
  if (typeof index !== "bigint" || index < 0n) {
    throw new InvalidArgumentError("index must be a non-negative bigint", {
      details: { index: String(index) },
    });
  }
  const finalized = await readContract(client, {
    address: deployment.addresses.bridge,
    abi: bridgeAbi,
    functionName: "isWithdrawalFinalized",
    args: [index],
  });
  return { index, finalized };
}
