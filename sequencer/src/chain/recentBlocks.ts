import type { Hex } from "@halcyon/protocol";
import type { IncludedTransaction, SealedBlock } from "./sealedBlock.ts";

/**
 * The last few sealed blocks, whole, in memory: receipts of fresh transactions are what clients
 * poll for, so those reads never reach the database. Bounded by transactions as well as blocks:
 * keeping many full blocks alive only feeds the garbage collector's old generation.
 */
export class RecentBlocks {
  readonly #capacity: number;
  readonly #maxTransactions: number;
  #transactions = 0;
  readonly #byNumber = new Map<bigint, SealedBlock>();
  readonly #byHash = new Map<Hex, SealedBlock>();
  readonly #txs = new Map<Hex, { block: SealedBlock; tx: IncludedTransaction }>();

  constructor(options: { blocks?: number; transactions?: number } = {}) {
    this.#capacity = options.blocks ?? 64;
    this.#maxTransactions = options.transactions ?? 8192;
  }

  add(block: SealedBlock): void {
    this.#byNumber.set(block.header.number, block);
    this.#byHash.set(block.header.hash, block);
    for (const tx of block.transactions) this.#txs.set(tx.tx.hash, { block, tx });
    this.#transactions += block.transactions.length;
    // Keep at least the newest block.
    while (
      this.#byNumber.size > this.#capacity ||
      (this.#byNumber.size > 1 && this.#transactions > this.#maxTransactions)
    ) {
      const oldest = this.#byNumber.keys().next().value as bigint;
      const gone = this.#byNumber.get(oldest)!;
      this.#byNumber.delete(oldest);
      this.#byHash.delete(gone.header.hash);
      for (const tx of gone.transactions) this.#txs.delete(tx.tx.hash);
      this.#transactions -= gone.transactions.length;
    }
  }

  byNumber(number: bigint): SealedBlock | undefined {
    return this.#byNumber.get(number);
  }

  byHash(hash: Hex): SealedBlock | undefined {
    return this.#byHash.get(hash);
  }

  transaction(hash: Hex): { block: SealedBlock; tx: IncludedTransaction } | undefined {
    return this.#txs.get(hash);
  }
}
