import { readContract } from "viem/actions";
import { rollupAbi } from "../../abis.ts";
import { InvalidArgumentError } from "../../errors.ts";
import type { AnyClient } from "../../internal/viemClient.ts";
import type { Deployment } from "../../types.ts";

export type GetBatchFinalityParameters = {
  readonly deployment: Deployment;
  readonly batchIndex: bigint;
};

export type BatchFinality = {
  readonly batchIndex: bigint;
  /** Batches 0 .. finalizedCount - 1 are final (the Rollup's finalizedCount). */
  readonly finalizedCount: bigint;
  readonly final: boolean;
};

/**
 * Whether batch `batchIndex` is final on L1. A batch becomes final when someone calls the Rollup's
 * finalizeBatches after its challenge window, not by the passing of time alone.
 */
export async function getBatchFinality(
  client: AnyClient,
  { deployment, batchIndex }: GetBatchFinalityParameters,
): Promise<BatchFinality> {
  if (typeof batchIndex !== "bigint" || batchIndex < 0n) {
    throw new InvalidArgumentError("batchIndex must be a non-negative bigint", {
      details: { batchIndex: String(batchIndex) },
    });
  }
  const finalizedCount = await readContract(client, {
    address: deployment.addresses.rollup,
    abi: rollupAbi,
    functionName: "finalizedCount",
  });
  return { batchIndex, finalizedCount, final: batchIndex < finalizedCount };
}
