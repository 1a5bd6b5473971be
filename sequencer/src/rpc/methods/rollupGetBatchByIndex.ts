import { readBatch } from "../../store/batchTable.ts";
import type { RpcMethod } from "../context.ts";
import { paramList, parseBoolean, parseQuantity } from "../params.ts";
import { formatBatch } from "../rollupFormat.ts";

/** A batch by index (1 is the first after genesis): blocks, roots, header, L1 status and record; data if asked. */
export const rollupGetBatchByIndex: RpcMethod = {
  name: "rollup_getBatchByIndex",
  handler: async (params, ctx) => {
    const [indexParam, dataParam] = paramList(params, 1, 2);
    const index = parseQuantity(indexParam, "index");
    const includeData = dataParam === undefined ? false : parseBoolean(dataParam, "includeData");
    const batch = await readBatch(ctx.rollup.db, index, { withData: includeData });
    return batch === undefined ? null : formatBatch(ctx, batch, includeData);
  },
};
