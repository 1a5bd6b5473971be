import { isTokenAddress } from "@halcyon/protocol";
import { parseCallRequest } from "../callRequest.ts";
import { invalidCallMessage, simulateTransaction } from "../callSimulation.ts";
import type { RpcMethod } from "../context.ts";
import { executionReverted, invalidParams, RPC_ERROR, RpcError } from "../errors.ts";
import { paramList, parseBlockRef } from "../params.ts";
import { answerMetadata, readOnlyCallAt } from "../readOnly.ts";
import { resolveStateAt } from "../stateAt.ts";

/**
 * Bridged-token reads are the protocol's readOnlyCall (balanceOf and totalSupply from the state at
 * any block; decimals, symbol and name from the token metadata source). Anything else runs as the
 * transaction it would be, on the latest or pending state: its return data if it succeeds (`true`
 * for a token transfer, 0x otherwise), a revert with the protocol's failure reason if it fails.
 */
export const ethCall: RpcMethod = {
  name: "eth_call",
  handler: async (params, ctx) => {
    const [requestParam, block, overrides] = paramList(params, 1, 3);
    if (overrides !== undefined && overrides !== null && Object.keys(overrides as object).length > 0) {
      throw invalidParams("state overrides are not supported");
    }
    const request = parseCallRequest(requestParam, "transaction");
    const at = await resolveStateAt(ctx, parseBlockRef(block, "block", { allowHash: true }));
    const read = await readOnlyCallAt(ctx, request.to, request.data, at);
    if (isTokenAddress(request.to) && request.value === 0n) {
      if (read.kind === "value") return read.data;
      if (read.kind === "metadata") return answerMetadata(ctx, read.token, read.field, at);
    }
    if (at.kind === "historical") {
      if (read.kind === "value") return read.data;
      throw new RpcError(
        RPC_ERROR.INVALID_INPUT,
        "calls at past blocks are limited to read-only calls (balanceOf, totalSupply); use latest or pending",
      );
    }
    const result = simulateTransaction(ctx, request, at.kind);
    if (result.kind === "succeeded") return result.returnData;
    if (result.kind === "failed") throw executionReverted(result.reason);
    throw new RpcError(RPC_ERROR.INVALID_INPUT, invalidCallMessage(result.reason));
  },
};
