import type { RpcMethod } from "../context.ts";
import { invalidParams, RPC_ERROR, RpcError } from "../errors.ts";
import { parseLogCriteria } from "../logCriteria.ts";
import { paramList } from "../params.ts";
import type { SubscriptionKind } from "../subscriptions.ts";

const KINDS: readonly SubscriptionKind[] = ["newHeads", "logs", "newPendingTransactions"];

/** newHeads, logs (address and topics criteria) and newPendingTransactions, over WebSocket only. */
export const ethSubscribe: RpcMethod = {
  name: "eth_subscribe",
  handler: (params, _ctx, connection) => {
    if (connection.subscriptions === undefined) {
      throw new RpcError(
        RPC_ERROR.METHOD_NOT_FOUND,
        "notifications not supported: subscribe over a WebSocket connection",
      );
    }
    const [kind, criteriaParam] = paramList(params, 1, 2);
    if (typeof kind !== "string" || !(KINDS as readonly string[]).includes(kind)) {
      throw invalidParams(`unsupported subscription type: expected one of ${KINDS.join(", ")}`);
    }
    const criteria = kind === "logs" ? parseLogCriteria(criteriaParam, "filter") : undefined;
    return connection.subscriptions.subscribe(kind as SubscriptionKind, criteria);
  },
};
