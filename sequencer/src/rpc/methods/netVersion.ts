import type { RpcMethod } from "../context.ts";
import { paramList } from "../params.ts";

/** The chain id in decimal, as net_version has always answered it. */
export const netVersion: RpcMethod = {
  name: "net_version",
  handler: (params, ctx) => {
    paramList(params, 0);
    return ctx.config.chainId.toString(10);
  },
};
