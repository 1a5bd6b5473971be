import { DEPOSIT_FINALIZED_TOPIC, L2_BRIDGE_ADDRESS } from "@halcyon/protocol";
import { type Hex, toHex } from "viem";
import { InvalidArgumentError, WaitTimeoutError } from "../../errors.ts";
import type { AnyClient } from "../../internal/viemClient.ts";

const LOG_RANGE = 5_000n;

export type WaitForDepositParameters = {
  /** The deposit's queue index (depositEth / depositErc20 return it). */
  readonly queueIndex: bigint;
  /**
   * The first L2 block to search (default: 100 blocks before the head when the wait starts, which covers
   * a deposit sent just before; pass an earlier block for an older deposit).
   */
  readonly fromBlock?: bigint;
  /** Milliseconds between reads (default 1000). */
  readonly pollingInterval?: number;
  /** Milliseconds before WaitTimeoutError (default: wait forever). */
  readonly timeout?: number;
  readonly signal?: AbortSignal;
};

export type WaitForDepositReturnType = {
  readonly queueIndex: bigint;
  /** The L2 block whose start applied the deposit. */
  readonly l2BlockNumber: bigint;
  readonly l2BlockHash: Hex;
};

/**
 * Resolves once the L2 has credited deposit `queueIndex`: the DepositFinalized log the state transition
 * emits from L2_BRIDGE_ADDRESS when it applies the queue entry (docs/protocol.md §3.7). Polls eth_getLogs
 * on the L2 client, at most LOG_RANGE blocks per query (the sequencer caps eth_getLogs' range).
 */
export async function waitForDeposit(
  client: AnyClient,
  { queueIndex, fromBlock, pollingInterval = 1_000, timeout, signal }: WaitForDepositParameters,
): Promise<WaitForDepositReturnType> {
  if (typeof queueIndex !== "bigint" || queueIndex < 0n) {
    throw new InvalidArgumentError("queueIndex must be a non-negative bigint", {
      details: { queueIndex: String(queueIndex) },
    });
  }
  const deadline = timeout === undefined ? undefined : Date.now() + timeout;
  const topics = [DEPOSIT_FINALIZED_TOPIC as Hex, toHex(queueIndex, { size: 32 })];
  const request = client.request as unknown as (args: {
    method: string;
    params: unknown[];
  }) => Promise<unknown>;
  const head = async () => BigInt((await request({ method: "eth_blockNumber", params: [] })) as Hex);
  let cursor = fromBlock ?? (await head()) - 100n;
  if (cursor < 0n) cursor = 0n;
  for (;;) {
    const latest = await head();
    while (cursor <= latest) {
      const to = cursor + LOG_RANGE - 1n < latest ? cursor + LOG_RANGE - 1n : latest;
      const logs = (await request({
        method: "eth_getLogs",
        params: [{ address: L2_BRIDGE_ADDRESS, topics, fromBlock: toHex(cursor), toBlock: toHex(to) }],
      })) as { blockNumber: Hex; blockHash: Hex }[];
      const log = logs[0];
      if (log !== undefined) {
        return { queueIndex, l2BlockNumber: BigInt(log.blockNumber), l2BlockHash: log.blockHash };
      }
      cursor = to + 1n;
    }
    signal?.throwIfAborted();
    const left = deadline === undefined ? pollingInterval : deadline - Date.now();
    if (left <= 0) {
      throw new WaitTimeoutError(`deposit ${queueIndex} is not applied on L2 after ${timeout} ms`, {
        details: { queueIndex },
      });
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(pollingInterval, left)));
  }
}
