import { type Address, type Hex, MIN_BASE_FEE, requiredGas, type SignedTransaction } from "@halcyon/protocol";
import { BinaryHeap } from "./binaryHeap.ts";
import { TransactionRefusedError } from "./errors.ts";

/**
 * A transaction waiting in the pool: decoded, its sender recovered. It is admitted before it is
 * durable (so later transactions of the same group are checked against it) and can be picked for a
 * block only once the intake has written it to the store and set `durable`.
 */
export type PoolTransaction = {
  readonly hash: Hex;
  readonly raw: Uint8Array;
  readonly tx: SignedTransaction;
  readonly sender: Address;
  /** gasLimit × maxFeePerGas + value: what the sender must hold for it to be valid. */
  readonly cost: bigint;
  /** Arrival order, for ties. */
  readonly seq: number;
  /** Written to the mempool table: only durable transactions go into blocks. */
  durable: boolean;
};

export type MempoolLimits = {
  /** Transactions in the pool, all senders together. */
  readonly maxTransactions: number;
  readonly maxPerSender: number;
  /** Highest nonce kept, relative to the account's: nonces up to accountNonce + maxNonceAhead. */
  readonly maxNonceAhead: number;
  /** A replacement must raise both fee fields by at least this many percent. */
  readonly priceBumpPercent: number;
  /** Lowest maxFeePerGas accepted (the protocol's minimum base fee by default). */
  readonly minFeePerGas: bigint;
};

export const DEFAULT_MEMPOOL_LIMITS: MempoolLimits = {
  maxTransactions: 100_000,
  maxPerSender: 64,
  maxNonceAhead: 16,
  priceBumpPercent: 10,
  minFeePerGas: MIN_BASE_FEE,
};

/** The account as the door checks against: the state with everything applied so far. */
export type AccountSnapshot = { readonly nonce: bigint; readonly balance: bigint };

/** What one admission changed: the transaction added and those it pushed out (replaced, evicted). */
export type Admission = {
  readonly added: PoolTransaction;
  readonly removed: readonly PoolTransaction[];
};

type SenderQueue = Map<bigint, PoolTransaction>;

/** Eviction order: lowest tip, then lowest fee cap, then the newest goes first. */
function evictBefore(a: PoolTransaction, b: PoolTransaction): boolean {
  if (a.tx.maxPriorityFeePerGas !== b.tx.maxPriorityFeePerGas)
    return a.tx.maxPriorityFeePerGas < b.tx.maxPriorityFeePerGas;
  if (a.tx.maxFeePerGas !== b.tx.maxFeePerGas) return a.tx.maxFeePerGas < b.tx.maxFeePerGas;
  return a.seq > b.seq;
}

/** The tip a transaction pays at `baseFee`: min(tip, maxFee - baseFee). */
export function effectiveTip(tx: SignedTransaction, baseFee: bigint): bigint {
  const room = tx.maxFeePerGas - baseFee;
  return tx.maxPriorityFeePerGas < room ? tx.maxPriorityFeePerGas : room;
}

/**
 * The in-memory transaction pool: per-sender nonce queues (gaps allowed up to maxNonceAhead),
 * replacement by fee bump, a per-sender and a global cap with eviction by lowest fee, and the
 * selection of executable transactions for a block. It holds no I/O: the intake persists what it
 * admits before answering (and marks it durable), and undoes the admission if persisting fails.
 */
export class Mempool {
  readonly limits: MempoolLimits;
  readonly #bySender = new Map<Address, SenderQueue>();
  readonly #byHash = new Map<Hex, PoolTransaction>();
  readonly #eviction = new BinaryHeap<PoolTransaction>(evictBefore);
  #seq = 0;

  constructor(limits: Partial<MempoolLimits> = {}) {
    this.limits = { ...DEFAULT_MEMPOOL_LIMITS, ...limits };
  }

  get size(): number {
    return this.#byHash.size;
  }

  get(hash: Hex): PoolTransaction | undefined {
    return this.#byHash.get(hash);
  }

  /** Every pooled transaction, in no particular order. */
  values(): IterableIterator<PoolTransaction> {
    return this.#byHash.values();
  }

  /** The nonce after the sender's contiguous run of pooled transactions starting at `accountNonce`. */
  pendingNonce(sender: Address, accountNonce: bigint): bigint {
    const queue = this.#bySender.get(sender);
    let nonce = accountNonce;
    if (queue === undefined) return nonce;
    while (queue.has(nonce)) nonce++;
    return nonce;
  }

  /** The sender's pooled transactions, by nonce. */
  senderTransactions(sender: Address): PoolTransaction[] {
    const queue = this.#bySender.get(sender);
    if (queue === undefined) return [];
    return [...queue.values()].sort((a, b) => (a.tx.nonce < b.tx.nonce ? -1 : 1));
  }

  /**
   * Checks a decoded transaction with a recovered sender against the pool and the sender's account,
   * and adds it. Throws TransactionRefusedError with the reason; on success returns what changed.
   */
  admit(
    candidate: { tx: SignedTransaction; raw: Uint8Array; sender: Address; durable?: boolean },
    account: AccountSnapshot,
  ): Admission {
    const { tx, sender } = candidate;
    const limits = this.limits;
    if (this.#byHash.has(tx.hash)) throw new TransactionRefusedError("already-known", "already known");
    if (tx.nonce < account.nonce) {
      throw new TransactionRefusedError(
        "nonce-too-low",
        `nonce too low: next nonce ${account.nonce}, tx nonce ${tx.nonce}`,
        { details: { expected: account.nonce, nonce: tx.nonce } },
      );
    }
    if (tx.nonce > account.nonce + BigInt(limits.maxNonceAhead)) {
      throw new TransactionRefusedError(
        "nonce-too-high",
        `nonce too high: next nonce ${account.nonce}, tx nonce ${tx.nonce}, at most ${limits.maxNonceAhead} ahead`,
        { details: { expected: account.nonce, nonce: tx.nonce } },
      );
    }
    const gas = requiredGas(tx.to, tx.data.length);
    if (tx.gasLimit < gas) {
      throw new TransactionRefusedError(
        "intrinsic-gas-too-low",
        `intrinsic gas too low: have ${tx.gasLimit}, want ${gas}`,
      );
    }
    if (tx.maxFeePerGas < limits.minFeePerGas) {
      throw new TransactionRefusedError(
        "fee-too-low",
        `transaction underpriced: max fee per gas less than block base fee: maxFeePerGas ${tx.maxFeePerGas}, minimum ${limits.minFeePerGas}`,
      );
    }

    const queue = this.#bySender.get(sender);
    const existing = queue?.get(tx.nonce);
    if (existing !== undefined) {
      const bump = BigInt(100 + limits.priceBumpPercent);
      if (
        tx.maxPriorityFeePerGas * 100n < existing.tx.maxPriorityFeePerGas * bump ||
        tx.maxFeePerGas * 100n < existing.tx.maxFeePerGas * bump
      ) {
        throw new TransactionRefusedError(
          "replacement-underpriced",
          `replacement transaction underpriced: both fee fields must rise by at least ${limits.priceBumpPercent}%`,
        );
      }
    }

    const cost = tx.gasLimit * tx.maxFeePerGas + tx.value;
    let committed = 0n;
    if (queue !== undefined) {
      for (const other of queue.values()) if (other.tx.nonce < tx.nonce) committed += other.cost;
    }
    if (committed + cost > account.balance) {
      throw new TransactionRefusedError(
        "insufficient-funds",
        `insufficient funds for gas * price + value: balance ${account.balance}, tx cost ${cost}` +
          (committed === 0n ? "" : `, queued before it ${committed}`),
        { details: { balance: account.balance, cost, queued: committed } },
      );
    }

    const removed: PoolTransaction[] = [];
    if (existing !== undefined) {
      removed.push(existing);
    } else {
      if (queue !== undefined && queue.size >= limits.maxPerSender) {
        // Make room with the sender's highest nonce, if it comes after this one.
        let highest: PoolTransaction | undefined;
        for (const other of queue.values())
          if (highest === undefined || other.tx.nonce > highest.tx.nonce) highest = other;
        if (highest === undefined || highest.tx.nonce < tx.nonce) {
          throw new TransactionRefusedError(
            "sender-limit",
            `too many pending transactions from ${sender}: at most ${limits.maxPerSender}`,
          );
        }
        removed.push(highest);
      } else if (this.#byHash.size >= limits.maxTransactions) {
        removed.push(this.#evictionVictim(tx, sender));
      }
    }

    const added: PoolTransaction = {
      hash: tx.hash,
      raw: candidate.raw,
      tx,
      sender,
      cost,
      seq: this.#seq++,
      durable: candidate.durable ?? false,
    };
    for (const victim of removed) this.#delete(victim);
    this.#insert(added);
    return { added, removed };
  }

  /** The cheapest transaction the newcomer may push out, or a pool-full refusal. */
  #evictionVictim(tx: SignedTransaction, sender: Address): PoolTransaction {
    const skipped: PoolTransaction[] = [];
    let victim: PoolTransaction | undefined;
    while (this.#eviction.size > 0) {
      const candidate = this.#eviction.pop()!;
      if (this.#byHash.get(candidate.hash) !== candidate) continue; // stale heap entry
      // Never push out the sender's own earlier nonces: the newcomer depends on them.
      if (candidate.sender === sender && candidate.tx.nonce < tx.nonce) {
        skipped.push(candidate);
        continue;
      }
      victim = candidate;
      break;
    }
    for (const s of skipped) this.#eviction.push(s);
    // The newcomer must pay strictly more than what it pushes out.
    const paysMore =
      victim !== undefined &&
      (tx.maxPriorityFeePerGas !== victim.tx.maxPriorityFeePerGas
        ? tx.maxPriorityFeePerGas > victim.tx.maxPriorityFeePerGas
        : tx.maxFeePerGas > victim.tx.maxFeePerGas);
    if (victim === undefined || !paysMore) {
      if (victim !== undefined) this.#eviction.push(victim);
      throw new TransactionRefusedError(
        "pool-full",
        "txpool is full: the fee is not above the cheapest pooled transaction",
      );
    }
    return victim;
  }

  /**
   * Reverts an admission (when persisting it failed): the newcomer goes, and what it pushed out comes
   * back where nothing has taken its place since.
   */
  undo(admission: Admission): void {
    if (this.#byHash.get(admission.added.hash) === admission.added) this.#delete(admission.added);
    for (const tx of admission.removed) {
      if (this.#byHash.has(tx.hash) || this.#bySender.get(tx.sender)?.has(tx.tx.nonce) === true) continue;
      this.#insert(tx);
    }
  }

  /** Removes a transaction (included in a block, or dropped); returns whether it was pooled. */
  remove(hash: Hex): boolean {
    const tx = this.#byHash.get(hash);
    if (tx === undefined) return false;
    this.#delete(tx);
    return true;
  }

  /**
   * Starts picking transactions for a block at `baseFee`: executable ones (nonce equal to the
   * account's, maxFeePerGas at least the base fee) by effective tip, then arrival, each sender's in
   * nonce order. Transactions whose nonce is already used are removed and returned as `stale`.
   */
  select(
    nonceOf: (sender: Address) => bigint,
    baseFee: bigint,
  ): { selection: TxSelection; stale: PoolTransaction[] } {
    const stale: PoolTransaction[] = [];
    const selection = new TxSelection(this.#bySender, baseFee);
    for (const [sender, queue] of this.#bySender) {
      const nonce = nonceOf(sender);
      for (const tx of queue.values()) if (tx.tx.nonce < nonce) stale.push(tx);
      selection.offer(queue.get(nonce));
    }
    for (const tx of stale) this.#delete(tx);
    return { selection, stale };
  }

  #insert(tx: PoolTransaction): void {
    let queue = this.#bySender.get(tx.sender);
    if (queue === undefined) {
      queue = new Map();
      this.#bySender.set(tx.sender, queue);
    }
    queue.set(tx.tx.nonce, tx);
    this.#byHash.set(tx.hash, tx);
    this.#eviction.push(tx);
  }

  #delete(tx: PoolTransaction): void {
    this.#byHash.delete(tx.hash);
    const queue = this.#bySender.get(tx.sender);
    if (queue !== undefined && queue.get(tx.tx.nonce) === tx) {
      queue.delete(tx.tx.nonce);
      if (queue.size === 0) this.#bySender.delete(tx.sender);
    }
    // The eviction heap keeps a stale entry; rebuild it when stale entries outnumber live ones.
    if (this.#eviction.size > 2 * this.#byHash.size + 1024) {
      this.#eviction.retain((t) => this.#byHash.get(t.hash) === t);
    }
  }
}

/** Highest effective tip first, then the earliest arrival. */
type Candidate = { readonly tx: PoolTransaction; readonly tip: bigint };

function selectBefore(a: Candidate, b: Candidate): boolean {
  if (a.tip !== b.tip) return a.tip > b.tip;
  return a.tx.seq < b.tx.seq;
}

/**
 * A block's pick of executable transactions. `next()` gives the best remaining one; after applying
 * it the producer calls `accepted(tx)` (the sender's next nonce becomes a candidate) or nothing
 * (the sender is done for this block).
 */
export class TxSelection {
  readonly #queues: Map<Address, SenderQueue>;
  readonly #baseFee: bigint;
  readonly #heap = new BinaryHeap<Candidate>(selectBefore);

  constructor(queues: Map<Address, SenderQueue>, baseFee: bigint) {
    this.#queues = queues;
    this.#baseFee = baseFee;
  }

  /** Makes `tx` a candidate if it is durable and can pay the base fee. */
  offer(tx: PoolTransaction | undefined): void {
    if (tx === undefined || !tx.durable || tx.tx.maxFeePerGas < this.#baseFee) return;
    this.#heap.push({ tx, tip: effectiveTip(tx.tx, this.#baseFee) });
  }

  next(): PoolTransaction | undefined {
    return this.#heap.pop()?.tx;
  }

  /** `tx` went into the block: its sender's next nonce, if pooled, becomes a candidate. */
  accepted(tx: PoolTransaction): void {
    this.offer(this.#queues.get(tx.sender)?.get(tx.tx.nonce + 1n));
  }
}
