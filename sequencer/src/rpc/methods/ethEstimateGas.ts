import { parseCallRequest } from "../callRequest.ts";
import { invalidCallMessage, simulateTransaction } from "../callSimulation.ts";
import type { RpcMethod } from "../context.ts";
import { executionReverted, RPC_ERROR, RpcError } from "../errors.ts";
import { toQuantity } from "../format.ts";
import { paramList, parseBlockRef } from "../params.ts";
import { resolveStateAt } from "../stateAt.ts";

/**
 * Gas is a fixed amount per kind of transaction plus 16 per data byte (the protocol's requiredGas).
 * A transaction that would fail or be invalid is refused the way geth refuses it: a revert (code 3,
 * the failure reason) or the invalid reason (-32000), so wallets do not send it.
 */
export const ethEstimateGas: RpcMethod = {
  name: "eth_estimateGas",
  handler: async (params, ctx) => {
    const [requestParam, block] = paramList(params, 1, 3);
    const request = parseCallRequest(requestParam, "transaction");
    const at = await resolveStateAt(ctx, parseBlockRef(block, "block", { allowHash: true }));
    const result = simulateTransaction(ctx, request, at.kind === "pending" ? "pending" : "latest");
    if (result.kind === "succeeded") return toQuantity(result.gasUsed);
    if (result.kind === "failed") throw executionReverted(result.reason);
    throw new RpcError(RPC_ERROR.INVALID_INPUT, invalidCallMessage(result.reason));
  },
};
