import { BLOCK_GAS_LIMIT } from "../../chain/sealedBlock.ts";
import type { RpcMethod } from "../context.ts";
import { invalidParams } from "../errors.ts";
import { toQuantity } from "../format.ts";
import { paramList, parseBlockRef, parseQuantityOrNumber } from "../params.ts";
import { headerNotFound, resolveBlockNumber } from "../stateAt.ts";

/** Rewards at the given percentiles of a block's gas, from its transactions' effective tips. */
function percentileRewards(
  txs: readonly { gasUsed: bigint; effectiveGasPrice: bigint }[],
  baseFee: bigint,
  percentiles: readonly number[],
): string[] {
  if (txs.length === 0) return percentiles.map(() => "0x0");
  const sorted = txs
    .map((t) => ({ gas: t.gasUsed, tip: t.effectiveGasPrice - baseFee }))
    .sort((a, b) => (a.tip < b.tip ? -1 : a.tip > b.tip ? 1 : 0));
  const total = sorted.reduce((sum, t) => sum + t.gas, 0n);
  return percentiles.map((p) => {
    const threshold = (Number(total) * p) / 100;
    let cumulative = 0;
    for (const t of sorted) {
      cumulative += Number(t.gas);
      if (cumulative >= threshold) return toQuantity(t.tip);
    }
    return toQuantity(sorted[sorted.length - 1]!.tip);
  });
}

export const ethFeeHistory: RpcMethod = {
  name: "eth_feeHistory",
  handler: async (params, ctx) => {
    const [countParam, newestParam, percentilesParam] = paramList(params, 2, 3);
    let count = parseQuantityOrNumber(countParam, "blockCount");
    if (count > BigInt(ctx.limits.maxFeeHistoryBlocks)) count = BigInt(ctx.limits.maxFeeHistoryBlocks);
    let percentiles: number[] | undefined;
    if (percentilesParam !== undefined && percentilesParam !== null) {
      if (
        !Array.isArray(percentilesParam) ||
        percentilesParam.some(
          (p, i) => typeof p !== "number" || p < 0 || p > 100 || (i > 0 && p < percentilesParam[i - 1]),
        )
      ) {
        throw invalidParams("rewardPercentiles: expected ascending numbers between 0 and 100");
      }
      percentiles = percentilesParam as number[];
    }
    const newest = await resolveBlockNumber(ctx, parseBlockRef(newestParam, "newestBlock"));
    const head = ctx.chain.head;
    if (newest === undefined || newest > head.number)
      throw headerNotFound(`block ${newest} is past the head`);
    if (count === 0n)
      return {
        oldestBlock: "0x0",
        baseFeePerGas: [],
        gasUsedRatio: [],
        ...(percentiles ? { reward: [] } : {}),
      };
    const oldest = newest + 1n >= count ? newest + 1n - count : 0n;
    const headers = await ctx.reader.headerRange(oldest, newest + 1n);
    const inRange = headers.filter((h) => h.number <= newest);
    const next = headers.find((h) => h.number === newest + 1n)?.baseFee ?? ctx.baseFee.baseFeeFor(head);
    const result: Record<string, unknown> = {
      oldestBlock: toQuantity(oldest),
      baseFeePerGas: [...inRange.map((h) => toQuantity(h.baseFee)), toQuantity(next)],
      gasUsedRatio: inRange.map((h) => Number(h.gasUsed) / Number(BLOCK_GAS_LIMIT)),
    };
    if (percentiles !== undefined) {
      const rewards: string[][] = [];
      for (const h of inRange) {
        const block = h.txCount === 0 ? undefined : await ctx.reader.blockByNumber(h.number);
        rewards.push(percentileRewards(block?.transactions ?? [], h.baseFee, percentiles));
      }
      result.reward = rewards;
    }
    return result;
  },
};
