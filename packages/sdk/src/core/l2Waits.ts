import { DEPOSIT_FINALIZED_TOPIC, L2_BRIDGE_ADDRESS } from "@halcyon/protocol";
import { type Hash, type Hex, toHex } from "viem";
import { InvalidArgumentError } from "../errors.ts";
import { assertHash } from "../internal/assertHash.ts";
import { rpcFail } from "../internal/rpcFields.ts";
import type { L1Status, TransactionStatus } from "../types.ts";
import { readTransactionStatus } from "./l2Reads.ts";
import { type PollOptions, poll } from "./poll.ts";
import type { RpcRequest } from "./ports.ts";

// The waits on the sequencer, for both clients.

export type WaitForTransactionBatchParameters = PollOptions & {
  /** An L2 transaction's hash. */
  readonly hash: Hash;
  /** Resolve once the batch is posted (default: confirmed on L1, or later), or only once it is final. */
  readonly until?: "posted" | "final";
  /** Called after every read, for progress reports; null while the sequencer does not know the hash. */
  readonly onProgress?: (status: TransactionStatus | null) => void;
};

const REACHED: Record<"posted" | "final", readonly L1Status[]> = {
  posted: ["posted", "challenged", "final"],
  final: ["final"],
};

export async function pollTransactionBatch(
  rpc: RpcRequest,
  { hash, until = "posted", onProgress, ...options }: WaitForTransactionBatchParameters,
): Promise<TransactionStatus> {
  assertHash(hash, "hash");
  if (until !== "posted" && until !== "final") {
    throw new InvalidArgumentError('until must be "posted" or "final"', {
      details: { until: String(until) },
    });
  }
  const status = await poll(
    () => readTransactionStatus(rpc, { hash }),
    (s) => s !== null && REACHED[until].includes(s.l1Status),
    {
      ...options,
      defaultInterval: 1_000,
      ...(onProgress === undefined ? {} : { progress: onProgress }),
      timedOut: (s) => ({
        message: `the batch of ${hash} is not ${until} after ${options.timeout} ms`,
        details: { hash, l1Status: s?.l1Status ?? "unknown" },
      }),
    },
  );
  return status!;
}

export type WaitForDepositParameters = PollOptions & {
  /** The deposit's queue index (depositEth / depositErc20 return it). */
  readonly queueIndex: bigint;
  /**
   * The first L2 block to search (default: 100 blocks before the head when the wait starts, which covers
   * a deposit sent just before; pass an earlier block for an older deposit).
   */
  readonly fromBlock?: bigint;
};

export type WaitForDepositReturnType = {
  readonly queueIndex: bigint;
  /** The L2 block whose start applied the deposit. */
  readonly l2BlockNumber: bigint;
  readonly l2BlockHash: Hex;
};

/** The sequencer caps eth_getLogs' block range; stay below it. */
const LOG_RANGE = 5_000n;

export async function pollDeposit(
  rpc: RpcRequest,
  { queueIndex, fromBlock, ...options }: WaitForDepositParameters,
): Promise<WaitForDepositReturnType> {
  if (typeof queueIndex !== "bigint" || queueIndex < 0n) {
    throw new InvalidArgumentError("queueIndex must be a non-negative bigint", {
      details: { queueIndex: String(queueIndex) },
    });
  }
  const topics = [DEPOSIT_FINALIZED_TOPIC as Hex, toHex(queueIndex, { size: 32 })];
  const head = async () => {
    const value = await rpc("eth_blockNumber", []);
    if (typeof value !== "string") rpcFail("eth_blockNumber", "the answer is not a quantity");
    return BigInt(value);
  };
  let cursor = fromBlock ?? (await head()) - 100n;
  if (cursor < 0n) cursor = 0n;
  // Each read scans from the cursor to the head, so no block is read twice.
  const scan = async (): Promise<WaitForDepositReturnType | undefined> => {
    const latest = await head();
    while (cursor <= latest) {
      const to = cursor + LOG_RANGE - 1n < latest ? cursor + LOG_RANGE - 1n : latest;
      const logs = (await rpc("eth_getLogs", [
        { address: L2_BRIDGE_ADDRESS, topics, fromBlock: toHex(cursor), toBlock: toHex(to) },
      ])) as { blockNumber: Hex; blockHash: Hex }[];
      const log = logs[0];
      if (log !== undefined) {
        return { queueIndex, l2BlockNumber: BigInt(log.blockNumber), l2BlockHash: log.blockHash };
      }
      cursor = to + 1n;
    }
    return undefined;
  };
  const found = await poll(scan, (r) => r !== undefined, {
    ...options,
    defaultInterval: 1_000,
    timedOut: () => ({
      message: `deposit ${queueIndex} is not applied on L2 after ${options.timeout} ms`,
      details: { queueIndex },
    }),
  });
  return found!;
}
