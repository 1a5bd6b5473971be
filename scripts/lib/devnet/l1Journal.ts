import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import type { Hex } from "viem";
import { BaseError } from "../../../packages/protocol/src/errors.ts";

// The devnet's L1 is Hardhat's simulated chain, which lives in memory. To bring it back after a stop,
// the devnet journals every mined block (its number, hash, timestamp and signed transactions, one JSON
// line each) and on the next start re-mines them on a fresh chain with the same genesis. Replaying the
// same signed transactions at the same timestamps, in the same order, gives the same block hashes, which
// the sequencer and the verifier have stored.

/** One journaled L1 block. */
export type JournalBlock = {
  readonly number: number;
  readonly hash: Hex;
  readonly parentHash: Hex;
  readonly timestamp: number;
  /** The block's transactions, signed and serialized (eth_sendRawTransaction's input), in block order. */
  readonly transactions: readonly Hex[];
  /** State-setting calls (hardhat_setBalance, …) made after the previous block: replayed before this one. */
  readonly calls?: readonly JournalCall[];
  /** Why this block cannot be replayed (a transaction of an impersonated account), if it cannot. */
  readonly unreplayable?: string;
};

/** A JSON-RPC call that changed the chain's state outside a transaction. */
export type JournalCall = { readonly method: string; readonly params: readonly unknown[] };

export class L1JournalError extends BaseError {
  override name = "L1JournalError";
}

function parseLine(line: string, lineNumber: number, path: string): JournalBlock {
  const value = JSON.parse(line) as Record<string, unknown>;
  const { number, hash, parentHash, timestamp, transactions } = value;
  if (
    typeof number !== "number" ||
    typeof hash !== "string" ||
    typeof parentHash !== "string" ||
    typeof timestamp !== "number" ||
    !Array.isArray(transactions) ||
    !transactions.every((t) => typeof t === "string")
  ) {
    throw new L1JournalError(`${path}:${lineNumber}: not a journaled block`);
  }
  return value as JournalBlock;
}

/**
 * The L1 journal file: blocks 1, 2, 3, … in order (genesis is not journaled: the network config makes
 * it). Appends are synchronous and one line per block, so a crash loses at most the blocks mined since
 * the last append and never leaves a line that later reads wrong: a torn last line is dropped on open.
 */
export class L1Journal {
  readonly path: string;
  #blocks: JournalBlock[];

  private constructor(path: string, blocks: JournalBlock[]) {
    this.path = path;
    this.#blocks = blocks;
  }

  /** Opens (or creates) the journal at `path`. Throws L1JournalError if a block is out of sequence. */
  static open(path: string): L1Journal {
    const blocks: JournalBlock[] = [];
    if (existsSync(path)) {
      const lines = readFileSync(path, "utf8").split("\n");
      let torn = false;
      for (const [i, line] of lines.entries()) {
        if (line === "") continue;
        let block: JournalBlock;
        try {
          block = parseLine(line, i + 1, path);
        } catch (error) {
          // Only the last line may be torn (a crash during its append).
          if (error instanceof SyntaxError && lines.slice(i + 1).every((l) => l === "")) {
            torn = true;
            break;
          }
          throw error instanceof L1JournalError
            ? error
            : new L1JournalError(`${path}:${i + 1}: ${(error as Error).message}`);
        }
        const previous = blocks.at(-1);
        if (
          block.number !== blocks.length + 1 ||
          (previous !== undefined && block.parentHash !== previous.hash)
        ) {
          throw new L1JournalError(`${path}:${i + 1}: block ${block.number} does not follow the line before`);
        }
        blocks.push(block);
      }
      const journal = new L1Journal(path, blocks);
      if (torn) journal.#rewrite();
      return journal;
    }
    writeFileSync(path, "");
    return new L1Journal(path, blocks);
  }

  get blocks(): readonly JournalBlock[] {
    return this.#blocks;
  }

  /** The number of the last journaled block (0: none). */
  get head(): number {
    return this.#blocks.length;
  }

  hashAt(number: number): Hex | undefined {
    return this.#blocks[number - 1]?.hash;
  }

  /**
   * Appends the next block. A block that does not extend the journal's head (the chain was rewound, e.g.
   * by evm_revert) first drops the journaled blocks from its number on.
   */
  append(block: JournalBlock): void {
    if (block.number < 1 || block.number > this.#blocks.length + 1) {
      throw new L1JournalError(`block ${block.number} cannot follow journaled block ${this.#blocks.length}`);
    }
    if (block.number <= this.#blocks.length) this.truncate(block.number - 1);
    const parent = this.#blocks.at(-1);
    if (parent !== undefined && block.parentHash !== parent.hash) {
      throw new L1JournalError(`block ${block.number}'s parent is not journaled block ${parent.number}`);
    }
    this.#blocks.push(block);
    appendFileSync(this.path, `${JSON.stringify(block)}\n`);
  }

  /** Keeps blocks 1..`head` only. */
  truncate(head: number): void {
    if (head >= this.#blocks.length) return;
    this.#blocks = this.#blocks.slice(0, Math.max(0, head));
    this.#rewrite();
  }

  #rewrite(): void {
    writeFileSync(this.path, this.#blocks.map((b) => `${JSON.stringify(b)}\n`).join(""));
  }
}
