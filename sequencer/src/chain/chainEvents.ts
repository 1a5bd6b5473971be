import type { Hex } from "@halcyon/protocol";
import type { PoolTransaction } from "../mempool/mempool.ts";
import type { SealedBlock } from "./sealedBlock.ts";

type Listener<T> = (value: T) => void;

/**
 * What happened on the chain, for subscribers: sealed blocks (after they are durable) and
 * transactions admitted to the pool. Listeners run synchronously; one that throws is removed.
 */
export class ChainEvents {
  readonly #blockListeners = new Set<Listener<SealedBlock>>();
  readonly #pendingListeners = new Set<Listener<readonly PoolTransaction[]>>();
  readonly #waiters = new Map<Hex, Set<() => void>>();

  onBlock(listener: Listener<SealedBlock>): () => void {
    this.#blockListeners.add(listener);
    return () => this.#blockListeners.delete(listener);
  }

  onPendingTransactions(listener: Listener<readonly PoolTransaction[]>): () => void {
    this.#pendingListeners.add(listener);
    return () => this.#pendingListeners.delete(listener);
  }

  emitBlock(block: SealedBlock): void {
    if (this.#waiters.size > 0) {
      for (const tx of block.transactions) {
        const waiters = this.#waiters.get(tx.tx.hash);
        if (waiters === undefined) continue;
        this.#waiters.delete(tx.tx.hash);
        for (const wake of waiters) wake();
      }
    }
    for (const listener of this.#blockListeners) {
      try {
        listener(block);
      } catch {
        this.#blockListeners.delete(listener);
      }
    }
  }

  emitPending(txs: readonly PoolTransaction[]): void {
    for (const listener of this.#pendingListeners) {
      try {
        listener(txs);
      } catch {
        this.#pendingListeners.delete(listener);
      }
    }
  }

  /**
   * `included` resolves true when a sealed block includes `hash`, false after `timeoutMs` or on
   * `cancel()`.
   */
  waitForTransaction(hash: Hex, timeoutMs: number): { included: Promise<boolean>; cancel: () => void } {
    let cancel = () => {};
    const included = new Promise<boolean>((resolve) => {
      let waiters = this.#waiters.get(hash);
      if (waiters === undefined) {
        waiters = new Set();
        this.#waiters.set(hash, waiters);
      }
      const set = waiters;
      const finish = (result: boolean) => {
        clearTimeout(timer);
        set.delete(wake);
        if (set.size === 0 && this.#waiters.get(hash) === set) this.#waiters.delete(hash);
        resolve(result);
      };
      const wake = () => finish(true);
      const timer = setTimeout(() => finish(false), timeoutMs);
      set.add(wake);
      cancel = () => finish(false);
    });
    return { included, cancel };
  }
}
