import type { ContractRunner } from "ethers";
import type { GetWithdrawalStatusParameters } from "../actions/l1/getWithdrawalStatus.ts";
import { InvalidArgumentError } from "../errors.ts";
import type { WithdrawalStatus } from "../types.ts";
import { bridgeContract } from "./internal/bridgeContract.ts";

/** getWithdrawalStatus for an ethers v6 Provider (or Signer): whether the Bridge finalized the withdrawal. */
export async function getWithdrawalStatus(
  runner: ContractRunner,
  { deployment, index }: GetWithdrawalStatusParameters,
): Promise<WithdrawalStatus> {
  if (typeof index !== "bigint" || index < 0n) {
    throw new InvalidArgumentError("index must be a non-negative bigint", {
      details: { index: String(index) },
    });
  }
  const finalized = (await bridgeContract(deployment, runner).getFunction("isWithdrawalFinalized")(
    index,
  )) as boolean;
  return { index, finalized };
}
