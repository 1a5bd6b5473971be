import { bridgeAbi, type HalcyonAddresses, type L1PublicClient, rollupAbi } from "@halcyon/node-common";
import { getAbiItem, type Hex, isAddressEqual } from "viem";
import { TemporaryError } from "../errors.ts";
import type { L1Traversal } from "./l1Traversal.ts";

// Stage 2 of the derivation: reads the Halcyon logs of a range of blocks in one query (the Bridge's
// queue events, the Rollup's BatchAppended and BatchesDeleted), in L1 order, and checks that every
// block they came from is still the canonical block at its height: a reorg during the reads is a
// temporary failure (read the range again), never a silent mix of two forks.

export const HALCYON_EVENTS = [
  getAbiItem({ abi: bridgeAbi, name: "ETHDeposited" }),
  getAbiItem({ abi: bridgeAbi, name: "ERC20Deposited" }),
  getAbiItem({ abi: bridgeAbi, name: "TransactionForced" }),
  getAbiItem({ abi: rollupAbi, name: "BatchAppended" }),
  getAbiItem({ abi: rollupAbi, name: "BatchesDeleted" }),
] as const;

async function getHalcyonLogs(client: L1PublicClient, addresses: HalcyonAddresses, from: bigint, to: bigint) {
  return client.getLogs({
    address: [addresses.bridge, addresses.rollup],
    events: HALCYON_EVENTS,
    fromBlock: from,
    toBlock: to,
    strict: true,
  });
}

type RawLog = Awaited<ReturnType<typeof getHalcyonLogs>>[number];

/** A log with its position pinned down (viem types these as nullable for pending blocks). */
export type HalcyonLog = RawLog & {
  readonly blockNumber: bigint;
  readonly blockHash: Hex;
  readonly logIndex: number;
};

export type BridgeLog = Extract<
  HalcyonLog,
  { eventName: "ETHDeposited" | "ERC20Deposited" | "TransactionForced" }
>;
export type BatchAppendedLog = Extract<HalcyonLog, { eventName: "BatchAppended" }>;
export type BatchesDeletedLog = Extract<HalcyonLog, { eventName: "BatchesDeleted" }>;

export function isBridgeLog(log: HalcyonLog): log is BridgeLog {
  return (
    log.eventName === "ETHDeposited" ||
    log.eventName === "ERC20Deposited" ||
    log.eventName === "TransactionForced"
  );
}

export type L1RetrievalOptions = {
  readonly client: L1PublicClient;
  readonly addresses: HalcyonAddresses;
  readonly traversal: L1Traversal;
};

export class L1Retrieval {
  readonly #client: L1PublicClient;
  readonly #addresses: HalcyonAddresses;
  readonly #traversal: L1Traversal;

  constructor(options: L1RetrievalOptions) {
    this.#client = options.client;
    this.#addresses = options.addresses;
    this.#traversal = options.traversal;
  }

  /**
   * The Halcyon logs of blocks [from, to] in (block, log index) order, and the hashes of the blocks
   * that carried them, each checked against the canonical chain.
   */
  async fetchLogs(
    from: bigint,
    to: bigint,
  ): Promise<{ logs: HalcyonLog[]; blocks: { number: bigint; hash: Hex }[] }> {
    const raw = await getHalcyonLogs(this.#client, this.#addresses, from, to);
    const logs: HalcyonLog[] = [];
    for (const log of raw) {
      if (log.removed) continue;
      if (log.blockNumber === null || log.blockHash === null || log.logIndex === null) {
        throw new TemporaryError("the L1 node returned a log without its block", { details: { from, to } });
      }
      const expected = log.eventName.startsWith("Batch") ? this.#addresses.rollup : this.#addresses.bridge;
      if (!isAddressEqual(log.address, expected)) continue;
      logs.push(log as HalcyonLog);
    }
    logs.sort((a, b) =>
      a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1,
    );
    const blocks: { number: bigint; hash: Hex }[] = [];
    for (const log of logs) {
      const last = blocks[blocks.length - 1];
      if (last !== undefined && last.number === log.blockNumber) {
        if (last.hash !== log.blockHash) {
          throw new TemporaryError("logs of one block came with two block hashes (reorg in flight)", {
            details: { block: log.blockNumber },
          });
        }
        continue;
      }
      blocks.push({ number: log.blockNumber, hash: log.blockHash });
    }
    for (const block of blocks) {
      const canonical = await this.#traversal.blockRef(block.number);
      if (canonical?.hash !== block.hash) {
        throw new TemporaryError("a log's block is no longer canonical (reorg in flight)", {
          details: { block: block.number, logBlockHash: block.hash, canonical: canonical?.hash ?? "none" },
        });
      }
    }
    return { logs, blocks };
  }
}
