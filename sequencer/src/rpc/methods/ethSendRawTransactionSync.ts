import type { RpcMethod } from "../context.ts";
import { RPC_ERROR, RpcError } from "../errors.ts";
import { formatReceipt } from "../format.ts";
import { paramList, parseData, parseQuantityOrNumber } from "../params.ts";

/**
 * EIP-7966: submits like eth_sendRawTransaction, then answers the receipt once a block includes the
 * transaction; error 4 (with the hash) after the timeout, error 5 when it waits behind a nonce gap.
 */
export const ethSendRawTransactionSync: RpcMethod = {
  name: "eth_sendRawTransactionSync",
  handler: async (params, ctx) => {
    const [rawParam, timeoutParam] = paramList(params, 1, 2);
    const raw = parseData(rawParam, "transaction");
    const { syncTimeoutMs, maxSyncTimeoutMs } = ctx.limits;
    let timeoutMs = syncTimeoutMs;
    if (timeoutParam !== undefined && timeoutParam !== null) {
      // An invalid timeout falls back to the default (EIP-7966).
      try {
        const asked = Number(parseQuantityOrNumber(timeoutParam, "timeout"));
        if (asked > 0 && asked <= maxSyncTimeoutMs) timeoutMs = asked;
      } catch {}
    }
    const pooled = await ctx.intake.submit(raw);
    const wait = ctx.events.waitForTransaction(pooled.hash, timeoutMs);
    try {
      const accountNonce = ctx.chain.account(pooled.sender, "pending").nonce;
      const waitsBehindGap =
        ctx.mempool.get(pooled.hash) !== undefined &&
        ctx.mempool.pendingNonce(pooled.sender, accountNonce) <= pooled.tx.nonce;
      if (waitsBehindGap) {
        throw new RpcError(
          RPC_ERROR.SYNC_NOT_READY,
          `The transaction was added to the mempool but cannot be processed yet: the sender's next nonce is ${accountNonce}`,
          { data: pooled.hash },
        );
      }
      let found = await ctx.reader.transaction(pooled.hash);
      if (found === undefined && (await wait.included)) found = await ctx.reader.transaction(pooled.hash);
      if (found === undefined) {
        throw new RpcError(
          RPC_ERROR.SYNC_TIMEOUT,
          `The transaction was added to the mempool but wasn't processed in ${timeoutMs}ms.`,
          { data: pooled.hash },
        );
      }
      return formatReceipt(found.header, found.tx);
    } finally {
      wait.cancel();
    }
  },
};
