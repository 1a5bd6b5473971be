import type { RpcMethod } from "../context.ts";
import { paramList } from "../params.ts";

/** The sequencer holds no keys. */
export const ethAccounts: RpcMethod = {
  name: "eth_accounts",
  handler: (params) => {
    paramList(params, 0);
    return [];
  },
};
