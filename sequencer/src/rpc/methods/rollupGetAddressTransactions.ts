import { type Address, isTokenAddress, L2_BRIDGE_ADDRESS, parseTransferCalldata } from "@halcyon/protocol";
import { type HistoryCursor, type HistoryItem, slotOf } from "../../store/addressIndex.ts";
import type { RpcMethod } from "../context.ts";
import { invalidParams, RPC_ERROR, RpcError } from "../errors.ts";
import { toQuantity } from "../format.ts";
import { parsePageSize } from "../pageSize.ts";
import { paramList, parseAddress } from "../params.ts";

const MAX_ITEMS = 100;
/** How long one call may spend indexing blocks it has not seen yet; the rest waits for the next call. */
const CATCH_UP_BUDGET_MS = 2_000;

function parseCursor(value: unknown): HistoryCursor | undefined {
  if (value === undefined || value === null) return undefined;
  const match = typeof value === "string" ? /^(0x[0-9a-f]{1,16})-(\d{1,6})$/.exec(value) : null;
  if (match === null) throw invalidParams("cursor: expected the `next` of a previous page");
  return { blockNumber: BigInt(match[1]!), slot: Number(match[2]) };
}

function formatItem(address: Address, item: HistoryItem): Record<string, unknown> {
  const at = { blockNumber: toQuantity(item.blockNumber) };
  if (item.type === "deposit") {
    return {
      type: "deposit",
      hash: item.pseudoHash,
      ...at,
      queueIndex: toQuantity(item.queueIndex),
      from: item.from,
      to: item.to,
      l1Token: item.l1Token ?? null,
      amount: toQuantity(item.amount),
      l1TransactionHash: item.l1TransactionHash ?? null,
      direction: "in",
    };
  }
  const { tx, sender } = item;
  const to = tx.to.toLowerCase() as Address;
  const transfer = isTokenAddress(to) ? parseTransferCalldata(tx.data) : null;
  const kind =
    to === L2_BRIDGE_ADDRESS
      ? "withdrawal"
      : transfer !== null
        ? "token-transfer"
        : isTokenAddress(to)
          ? "token-call"
          : "transfer";
  const recipient = transfer?.recipient.toLowerCase() ?? to;
  const direction = sender !== address ? "in" : recipient === address ? "self" : "out";
  return {
    type: "transaction",
    hash: tx.hash,
    ...at,
    transactionIndex: toQuantity(item.index),
    from: sender,
    to,
    value: toQuantity(tx.value),
    nonce: toQuantity(tx.nonce),
    kind,
    tokenRecipient: transfer?.recipient.toLowerCase() ?? null,
    tokenAmount: transfer === null ? null : toQuantity(transfer.amount),
    status: toQuantity(item.status),
    direction,
  };
}

/**
 * An account's history, newest first, `count` at a time (default 25): the L2 transactions it sent, and
 * those that sent it ETH or tokens, with the deposits from L1 to it. `next` is the cursor of the
 * following page (null at the end). The index behind it is built on demand: `indexedThrough` is the
 * last block it covers, which may trail `head` after a long backlog (ask again).
 */
export const rollupGetAddressTransactions: RpcMethod = {
  name: "rollup_getAddressTransactions",
  handler: async (params, ctx) => {
    const [addressParam, countParam, cursorParam] = paramList(params, 1, 3);
    const address = parseAddress(addressParam, "address");
    const count = parsePageSize(countParam, "count", 25, MAX_ITEMS);
    const cursor = parseCursor(cursorParam);
    const index = ctx.rollup.addressIndex;
    if (index === undefined) {
      throw new RpcError(RPC_ERROR.METHOD_NOT_SUPPORTED, "this node keeps no account history");
    }
    const head = ctx.chain.head.number;
    const indexedThrough = await index.catchUp(head, CATCH_UP_BUDGET_MS);
    const items = await index.history(address, count, cursor);
    const last = items.at(-1);
    return {
      address,
      head: toQuantity(head),
      indexedThrough: toQuantity(indexedThrough),
      items: items.map((item) => formatItem(address, item)),
      next:
        items.length === count && last !== undefined
          ? `${toQuantity(last.blockNumber)}-${slotOf(last)}`
          : null,
    };
  },
};
