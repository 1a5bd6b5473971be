import type { ContractRunner } from "ethers";
import { type GetWithdrawalStatusParameters, readWithdrawalStatus } from "../core/l1Reads.ts";
import type { WithdrawalStatus } from "../types.ts";
import { ethersL1Reader } from "./internal/ethersPorts.ts";

/**
 * getWithdrawalStatus for an ethers v6 Provider (or Signer) on L1: whether the Bridge finalized the
 * withdrawal.
 *
 * @example
 * const { finalized } = await ethersActions.getWithdrawalStatus(l1Provider, { deployment, index: 0n });
 */
export function getWithdrawalStatus(
  runner: ContractRunner,
  parameters: GetWithdrawalStatusParameters,
): Promise<WithdrawalStatus> {
  return readWithdrawalStatus(ethersL1Reader(runner), parameters);
}
