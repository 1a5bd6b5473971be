import type { RpcMethod } from "../context.ts";
import { paramList } from "../params.ts";
import { filterNotFound } from "./filterNotFound.ts";

export const ethGetFilterLogs: RpcMethod = {
  name: "eth_getFilterLogs",
  handler: async (params, ctx) => {
    const [id] = paramList(params, 1);
    const logs = typeof id === "string" ? await ctx.filters.allLogs(id) : undefined;
    if (logs === undefined) throw filterNotFound();
    return logs;
  },
};
