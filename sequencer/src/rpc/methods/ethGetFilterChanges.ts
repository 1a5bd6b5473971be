import type { RpcMethod } from "../context.ts";
import { paramList } from "../params.ts";
import { filterNotFound } from "./filterNotFound.ts";

export const ethGetFilterChanges: RpcMethod = {
  name: "eth_getFilterChanges",
  handler: async (params, ctx) => {
    const [id] = paramList(params, 1);
    const changes = typeof id === "string" ? await ctx.filters.changes(id) : undefined;
    if (changes === undefined) throw filterNotFound();
    return changes;
  },
};
