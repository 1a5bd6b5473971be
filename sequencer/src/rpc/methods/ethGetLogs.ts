import type { RpcMethod } from "../context.ts";
import { invalidParams, RPC_ERROR, RpcError } from "../errors.ts";
import { formatLog } from "../format.ts";
import { parseLogCriteria } from "../logCriteria.ts";
import { paramList } from "../params.ts";
import { headerNotFound, resolveBlockNumber } from "../stateAt.ts";

/**
 * Logs by block range (or block hash), addresses and topics. The range is capped (limits.maxLogBlockRange)
 * and so is the answer (limits.maxLogResults): past either, a -32005 error asks for a narrower query.
 * Queue-entry logs (deposits) are included, under their entry's pseudo transaction hash.
 */
export const ethGetLogs: RpcMethod = {
  name: "eth_getLogs",
  handler: async (params, ctx) => {
    const [filterParam] = paramList(params, 1);
    const criteria = parseLogCriteria(filterParam, "filter");
    let from: bigint | undefined;
    let to: bigint | undefined;
    if (criteria.blockHash !== undefined) {
      const header = await ctx.reader.headerByHash(criteria.blockHash);
      if (header === undefined) throw headerNotFound("unknown block hash");
      from = header.number;
      to = header.number;
    } else {
      const latest = { kind: "tag", tag: "latest" } as const;
      from = await resolveBlockNumber(ctx, criteria.fromBlock ?? latest);
      to = await resolveBlockNumber(ctx, criteria.toBlock ?? latest);
    }
    if (from === undefined || to === undefined) throw headerNotFound("unknown block");
    if (from > to) throw invalidParams("invalid block range: fromBlock is after toBlock");
    const { maxLogBlockRange, maxLogResults } = ctx.limits;
    if (to - from + 1n > BigInt(maxLogBlockRange)) {
      throw new RpcError(RPC_ERROR.LIMIT_EXCEEDED, `query exceeds max block range ${maxLogBlockRange}`);
    }
    const logs = await ctx.reader.logs(
      { fromBlock: from, toBlock: to, addresses: criteria.addresses, topics: criteria.topics },
      maxLogResults + 1,
    );
    if (logs.length > maxLogResults) {
      throw new RpcError(RPC_ERROR.LIMIT_EXCEEDED, `query returned more than ${maxLogResults} results`);
    }
    return logs.map((l) => formatLog(l, l.blockNumber, l.blockHash));
  },
};
