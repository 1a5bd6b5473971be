import type { RpcMethod } from "../context.ts";
import { toQuantity } from "../format.ts";
import { paramList, parseAddress, parseBlockRef } from "../params.ts";
import { readAccount, resolveStateAt } from "../stateAt.ts";

export const ethGetBalance: RpcMethod = {
  name: "eth_getBalance",
  handler: async (params, ctx) => {
    const [address, block] = paramList(params, 1, 2);
    const at = await resolveStateAt(ctx, parseBlockRef(block, "block", { allowHash: true }));
    const account = await readAccount(ctx, parseAddress(address, "address"), at);
    return toQuantity(account.balance);
  },
};
