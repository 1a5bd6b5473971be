import type { RpcMethod } from "../context.ts";
import { paramList, parseData } from "../params.ts";

/** Answers the hash once the transaction is durable in the mempool table (or refuses it). */
export const ethSendRawTransaction: RpcMethod = {
  name: "eth_sendRawTransaction",
  handler: async (params, ctx) => {
    const [raw] = paramList(params, 1);
    const pooled = await ctx.intake.submit(parseData(raw, "transaction"));
    return pooled.hash;
  },
};
