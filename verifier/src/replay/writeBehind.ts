// Persists replayed batches behind the replay: the save of batch k (one database transaction) runs
// while batch k+1 executes, strictly in order, with at most `maxPending` saves outstanding. A failed
// save stops every later one (they are chained), and flush() reports it: the caller then reloads its
// state from the database, which holds exactly the batches saved before the failure.

export class WriteBehind<T> {
  readonly #save: (item: T) => Promise<void>;
  readonly #maxPending: number;
  #chain: Promise<void> = Promise.resolve();
  readonly #inflight: Promise<void>[] = [];

  constructor(save: (item: T) => Promise<void>, maxPending = 4) {
    this.#save = save;
    this.#maxPending = maxPending;
  }

  /** Queues `item`'s save after the previous ones; waits while too many are outstanding. */
  async push(item: T): Promise<void> {
    const saved = this.#chain.then(() => this.#save(item));
    saved.catch(() => {}); // reported by push (below) or flush
    this.#chain = saved;
    this.#inflight.push(saved);
    while (this.#inflight.length > this.#maxPending) await this.#inflight.shift();
  }

  /** Waits for every queued save; throws the first failure. */
  async flush(): Promise<void> {
    this.#inflight.length = 0;
    await this.#chain;
  }

  /** Waits until no save is running, whatever happened to them (before reloading after a failure). */
  async settle(): Promise<void> {
    this.#inflight.length = 0;
    await this.#chain.catch(() => {});
  }
}
