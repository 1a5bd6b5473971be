import type { ContractRunner } from "ethers";
import type { BatchFinality, GetBatchFinalityParameters } from "../actions/l1/getBatchFinality.ts";
import { InvalidArgumentError } from "../errors.ts";
import { rollupContract } from "./internal/bridgeContract.ts";

/** getBatchFinality for an ethers v6 Provider (or Signer). */
export async function getBatchFinality(
  runner: ContractRunner,
  { deployment, batchIndex }: GetBatchFinalityParameters,
): Promise<BatchFinality> {
  if (typeof batchIndex !== "bigint" || batchIndex < 0n) {
    throw new InvalidArgumentError("batchIndex must be a non-negative bigint", {
      details: { batchIndex: String(batchIndex) },
    });
  }
  const finalizedCount = (await rollupContract(deployment, runner).getFunction("finalizedCount")()) as bigint;
  return { batchIndex, finalizedCount, final: batchIndex < finalizedCount };
}
