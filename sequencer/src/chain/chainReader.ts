import type { Database } from "@halcyon/node-common";
import type { Hex } from "@halcyon/protocol";
import {
  readBlockTransactions,
  readHeaderByHash,
  readHeaderByNumber,
  readHeaderRange,
  readIncludedTransaction,
} from "../store/blockReader.ts";
import { type LocatedLog, type LogFilter, queryLogs } from "../store/logQuery.ts";
import type { ChainState } from "./chainState.ts";
import type { RecentBlocks } from "./recentBlocks.ts";
import type { BlockHeader, IncludedTransaction } from "./sealedBlock.ts";

export type BlockWithTransactions = {
  readonly header: BlockHeader;
  readonly transactions: readonly IncludedTransaction[];
};

/**
 * Reads of sealed blocks for the RPC: recent ones from memory, older ones from the store. Blocks are
 * visible once persisted (the head), never before.
 */
export class ChainReader {
  readonly #db: Database;
  readonly #chain: ChainState;
  readonly #recent: RecentBlocks;

  constructor(db: Database, chain: ChainState, recent: RecentBlocks) {
    this.#db = db;
    this.#chain = chain;
    this.#recent = recent;
  }

  get head(): BlockHeader {
    return this.#chain.head;
  }

  async headerByNumber(number: bigint): Promise<BlockHeader | undefined> {
    if (number > this.head.number) return undefined;
    if (number === this.head.number) return this.head;
    return this.#recent.byNumber(number)?.header ?? (await readHeaderByNumber(this.#db, number));
  }

  async headerByHash(hash: Hex): Promise<BlockHeader | undefined> {
    const recent = this.#recent.byHash(hash);
    if (recent !== undefined) return recent.header.number <= this.head.number ? recent.header : undefined;
    return readHeaderByHash(this.#db, hash);
  }

  async headerRange(from: bigint, to: bigint): Promise<BlockHeader[]> {
    return readHeaderRange(this.#db, from, to > this.head.number ? this.head.number : to);
  }

  async #withTransactions(header: BlockHeader | undefined): Promise<BlockWithTransactions | undefined> {
    if (header === undefined) return undefined;
    const recent = this.#recent.byNumber(header.number);
    if (recent !== undefined) return recent;
    const transactions =
      header.txCount === 0
        ? []
        : await readBlockTransactions(this.#db, this.#chain.config.chainId, header.number);
    return { header, transactions };
  }

  async blockByNumber(number: bigint): Promise<BlockWithTransactions | undefined> {
    return this.#withTransactions(await this.headerByNumber(number));
  }

  async blockByHash(hash: Hex): Promise<BlockWithTransactions | undefined> {
    return this.#withTransactions(await this.headerByHash(hash));
  }

  /** An included transaction with its receipt and block header. */
  async transaction(hash: Hex): Promise<{ header: BlockHeader; tx: IncludedTransaction } | undefined> {
    const recent = this.#recent.transaction(hash);
    if (recent !== undefined) return { header: recent.block.header, tx: recent.tx };
    const found = await readIncludedTransaction(this.#db, this.#chain.config.chainId, hash);
    if (found === undefined || found.blockNumber > this.head.number) return undefined;
    const header = await this.headerByNumber(found.blockNumber);
    return header === undefined ? undefined : { header, tx: found.tx };
  }

  /** Logs matching `filter` (its range clipped to the head), at most `limit`. */
  logs(filter: LogFilter, limit: number): Promise<LocatedLog[]> {
    const toBlock = filter.toBlock > this.head.number ? this.head.number : filter.toBlock;
    if (filter.fromBlock > toBlock) return Promise.resolve([]);
    return queryLogs(this.#db, { ...filter, toBlock }, limit);
  }
}
