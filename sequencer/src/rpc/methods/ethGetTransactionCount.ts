import type { RpcMethod } from "../context.ts";
import { toQuantity } from "../format.ts";
import { paramList, parseAddress, parseBlockRef } from "../params.ts";
import { readAccount, resolveStateAt } from "../stateAt.ts";

/** The account's nonce; with "pending", after the sender's contiguous run of pooled transactions too. */
export const ethGetTransactionCount: RpcMethod = {
  name: "eth_getTransactionCount",
  handler: async (params, ctx) => {
    const [addressParam, block] = paramList(params, 1, 2);
    const address = parseAddress(addressParam, "address");
    const at = await resolveStateAt(ctx, parseBlockRef(block, "block", { allowHash: true }));
    if (at.kind === "pending") {
      const nonce = ctx.chain.account(address, "pending").nonce;
      return toQuantity(ctx.mempool.pendingNonce(address, nonce));
    }
    return toQuantity((await readAccount(ctx, address, at)).nonce);
  },
};
