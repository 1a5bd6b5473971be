import {
  type Account,
  type Address,
  accountKey,
  bytesToBigint,
  type ChainConfig,
  decodeAccount,
  type Hex,
  type L2State,
} from "@halcyon/protocol";
import type { PoolTransaction } from "../mempool/mempool.ts";
import type { StateJournal } from "../producer/stateJournal.ts";
import type { BlockHeader } from "./sealedBlock.ts";

/** Which state a read sees: the last persisted block ("latest"), or everything applied ("pending"). */
export type StateTag = "latest" | "pending";

const NO_ACCOUNT: Account = { balance: 0n, nonce: 0n, index: 0n };

/**
 * The sequencer's live chain: the in-memory L2 state, the head (the last block persisted), and the
 * journals of the blocks applied but not yet persisted (the producer persists one block while it
 * builds the next), so that "latest" reads still see the head's state. "pending" reads see the state
 * as applied so far.
 */
export class ChainState {
  readonly config: ChainConfig;
  readonly state: L2State;
  #head: BlockHeader;
  readonly #inFlight: StateJournal[] = [];
  /** The transactions of each in-flight block: out of the pool, not yet in the store. */
  readonly #inFlightTransactions: (readonly PoolTransaction[])[] = [];

  constructor(config: ChainConfig, state: L2State, head: BlockHeader) {
    this.config = config;
    this.state = state;
    this.#head = head;
  }

  /** The last block persisted. */
  get head(): BlockHeader {
    return this.#head;
  }

  /** Blocks applied to the state and not yet persisted. */
  get inFlight(): number {
    return this.#inFlight.length;
  }

  /** A block's changes are applied but not yet persisted: "latest" reads go around them. */
  pushInFlight(journal: StateJournal, transactions: readonly PoolTransaction[] = []): void {
    this.#inFlight.push(journal);
    this.#inFlightTransactions.push(transactions);
  }

  /** The oldest in-flight block was persisted: it becomes the head. */
  sealOldest(header: BlockHeader): void {
    this.#inFlight.shift();
    this.#inFlightTransactions.shift();
    this.#head = header;
  }

  /**
   * A transaction a block took out of the pool while that block is still being persisted: lookups
   * show it as pending until the store has it, rather than not at all.
   */
  inFlightTransaction(hash: Hex): PoolTransaction | undefined {
    for (const txs of this.#inFlightTransactions) {
      const found = txs.find((tx) => tx.hash === hash);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** The value of state leaf `key`, or undefined if absent. */
  leaf(key: Uint8Array, tag: StateTag = "latest"): Uint8Array | undefined {
    if (tag === "latest") {
      // The oldest in-flight block that touched the key holds its value as of the head.
      for (const journal of this.#inFlight) {
        const before = journal.previous(key);
        if (before.touched) return before.value;
      }
    }
    return this.state.tree.get(key);
  }

  account(address: Address, tag: StateTag = "latest"): Account {
    const value = this.leaf(accountKey(address), tag);
    return value === undefined ? NO_ACCOUNT : decodeAccount(value);
  }

  word(key: Uint8Array, tag: StateTag = "latest"): bigint {
    const value = this.leaf(key, tag);
    return value === undefined ? 0n : bytesToBigint(value);
  }
}
