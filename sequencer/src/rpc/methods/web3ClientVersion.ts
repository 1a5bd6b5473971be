import type { RpcMethod } from "../context.ts";
import { paramList } from "../params.ts";

export const web3ClientVersion: RpcMethod = {
  name: "web3_clientVersion",
  handler: (params, ctx) => {
    paramList(params, 0);
    return ctx.clientVersion;
  },
};
