import type { RpcMethod } from "../context.ts";
import { paramList } from "../params.ts";

export const netListening: RpcMethod = {
  name: "net_listening",
  handler: (params) => {
    paramList(params, 0);
    return true;
  },
};
