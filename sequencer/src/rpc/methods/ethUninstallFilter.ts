import type { RpcMethod } from "../context.ts";
import { paramList } from "../params.ts";

export const ethUninstallFilter: RpcMethod = {
  name: "eth_uninstallFilter",
  handler: (params, ctx) => {
    const [id] = paramList(params, 1);
    return typeof id === "string" && ctx.filters.uninstall(id);
  },
};
