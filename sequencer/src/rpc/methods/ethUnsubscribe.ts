import type { RpcMethod } from "../context.ts";
import { RPC_ERROR, RpcError } from "../errors.ts";
import { paramList } from "../params.ts";

export const ethUnsubscribe: RpcMethod = {
  name: "eth_unsubscribe",
  handler: (params, _ctx, connection) => {
    if (connection.subscriptions === undefined) {
      throw new RpcError(
        RPC_ERROR.METHOD_NOT_FOUND,
        "notifications not supported: subscribe over a WebSocket connection",
      );
    }
    const [id] = paramList(params, 1);
    return typeof id === "string" && connection.subscriptions.unsubscribe(id);
  },
};
