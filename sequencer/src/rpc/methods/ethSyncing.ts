import type { RpcMethod } from "../context.ts";
import { paramList } from "../params.ts";

/** The sequencer makes the chain: it is never behind. */
export const ethSyncing: RpcMethod = {
  name: "eth_syncing",
  handler: (params) => {
    paramList(params, 0);
    return false;
  },
};
