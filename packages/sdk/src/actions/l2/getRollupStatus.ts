import { readRollupStatus } from "../../core/l2Reads.ts";
import type { AnyClient } from "../../internal/viemClient.ts";
import { viemRpc } from "../../internal/viemPorts.ts";
import type { RollupStatus } from "../../types.ts";

/**
 * The sequencer's view of the rollup (rollup_getStatus): the L2 head with its safe (in a posted batch)
 * and finalized (in a final batch) blocks, the pool, batch progress, the games its defender tracks, and
 * what it follows of L1. Throws InvalidRpcResponseError for an answer of another shape.
 *
 * @example
 * const { l2, batches } = await getRollupStatus(l2Public);
 * console.log(`head ${l2.head}, safe ${l2.safe}, final ${l2.finalized}; last final batch ${batches.lastFinal}`);
 */
export function getRollupStatus(client: AnyClient): Promise<RollupStatus> {
  return readRollupStatus(viemRpc(client));
}
