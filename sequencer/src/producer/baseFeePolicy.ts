import { BaseError, MIN_BASE_FEE } from "@halcyon/protocol";
import type { BlockHeader } from "../chain/sealedBlock.ts";

export class BaseFeePolicyError extends BaseError {
  override name = "BaseFeePolicyError";
}

/**
 * How the sequencer picks each block's base fee (docs/protocol.md §3.4: the sequencer's choice, at
 * least MIN_BASE_FEE; the batch carries it so every node charges the same).
 */
export interface BaseFeePolicy {
  baseFeeFor(parent: BlockHeader): bigint;
}

/**
 * The policy for now: the same base fee in every block (MIN_BASE_FEE unless configured). Blocks are
 * bounded by batch size, not by gas, so there is no congestion signal a 1559-style rule would need;
 * ordering within a block is by tip.
 */
export function constantBaseFee(baseFee: bigint = MIN_BASE_FEE): BaseFeePolicy {
  if (baseFee < MIN_BASE_FEE || baseFee >= 1n << 128n) {
    throw new BaseFeePolicyError(`base fee must be at least MIN_BASE_FEE (${MIN_BASE_FEE}) and below 2^128`, {
      details: { baseFee },
    });
  }
  return { baseFeeFor: () => baseFee };
}
