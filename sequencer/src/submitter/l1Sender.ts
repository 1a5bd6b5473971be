import type { Database, L1PublicClient, L1WalletClient, Logger } from "@halcyon/node-common";
import { type Address, bytesToHex, type Hex } from "@halcyon/protocol";
import {
  keccak256,
  parseTransaction,
  TransactionNotFoundError,
  type TransactionReceipt,
  TransactionReceiptNotFoundError,
} from "viem";
import { L1ServiceError } from "../l1/errors.ts";
import { hexBuffer } from "../store/hexBuffer.ts";

/** An L1 transaction the sequencer signed (and recorded before broadcasting). */
export type SentTransaction = {
  readonly hash: Hex;
  readonly purpose: string;
  readonly nonce: bigint;
  /** The signed envelope: re-broadcast as is, or parsed to build a replacement. */
  readonly raw: Hex;
  readonly maxFeePerGas: bigint;
  readonly maxPriorityFeePerGas: bigint;
  /** Milliseconds since the epoch. */
  readonly sentAt: number;
};

export type L1Request = { readonly to: Address; readonly data: Hex; readonly value?: bigint };

/** Where a sent transaction stands on L1. */
export type TransactionState =
  | { readonly state: "mined"; readonly receipt: TransactionReceipt }
  /** Not mined; `known`: the node has it (else re-broadcast it). */
  | { readonly state: "pending"; readonly known: boolean }
  /** Its nonce was used by another transaction (a replacement, or anything else of ours). */
  | { readonly state: "dead" };

export type L1SenderOptions = {
  readonly db: Database;
  readonly publicClient: L1PublicClient;
  readonly walletClient: L1WalletClient;
  readonly logger: Logger;
  /** A replacement raises both fee fields by this much at least (default 15 %; nodes want >= 10 %). */
  readonly bumpPercent?: number;
  /** Never offer more than this per gas (default: no cap). */
  readonly maxFeePerGas?: bigint;
};

/**
 * Signs and sends the sequencer's L1 transactions, one account, one nonce sequence: sends are
 * serialized, each takes the account's pending nonce, and every signed transaction is written to
 * `l1_transactions` (by purpose, e.g. "batch-12") before it is broadcast, so after a crash the sequencer
 * finds what it had in flight instead of sending it again. A stuck transaction is replaced with the same
 * nonce and higher fees; one that an L1 reorg or a node restart lost is broadcast again as signed.
 */
export class L1Sender {
  readonly #o: L1SenderOptions;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: L1SenderOptions) {
    this.#o = options;
  }

  get address(): Address {
    return this.#o.walletClient.account.address;
  }

  /** Runs `fn` after every send before it (sends are serialized so nonces follow one another). */
  #serialized<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn, fn);
    this.#queue = run.catch(() => {});
    return run;
  }

  /** Signs `request` with the next nonce and current fees, records it and broadcasts it. */
  send(purpose: string, request: L1Request, options: { gas?: bigint } = {}): Promise<SentTransaction> {
    return this.#serialized(async () => {
      const { publicClient } = this.#o;
      const nonce = BigInt(
        await publicClient.getTransactionCount({ address: this.address, blockTag: "pending" }),
      );
      const gas =
        options.gas ??
        ((await publicClient.estimateGas({
          account: this.address,
          to: request.to,
          data: request.data,
          value: request.value ?? 0n,
        })) *
          5n) /
          4n;
      const fees = await this.#fees();
      return this.#signAndSend(purpose, { ...request, value: request.value ?? 0n, nonce, gas, ...fees });
    });
  }

  /** A replacement of `tx` (same nonce and call) with fees raised by bumpPercent, or today's if higher. */
  replace(tx: SentTransaction): Promise<SentTransaction> {
    return this.#serialized(async () => {
      const parsed = parseTransaction(tx.raw);
      const bump = BigInt(100 + (this.#o.bumpPercent ?? 15));
      const current = await this.#fees();
      const raised = (x: bigint) => (x * bump + 99n) / 100n;
      let maxPriorityFeePerGas = raised(tx.maxPriorityFeePerGas);
      if (current.maxPriorityFeePerGas > maxPriorityFeePerGas)
        maxPriorityFeePerGas = current.maxPriorityFeePerGas;
      let maxFeePerGas = raised(tx.maxFeePerGas);
      if (current.maxFeePerGas > maxFeePerGas) maxFeePerGas = current.maxFeePerGas;
      const cap = this.#o.maxFeePerGas;
      if (cap !== undefined && maxFeePerGas > cap) {
        throw new L1ServiceError("temporary", `a fee bump would pass the fee cap of ${cap} wei per gas`, {
          details: { hash: tx.hash, wanted: maxFeePerGas },
        });
      }
      if (maxPriorityFeePerGas > maxFeePerGas) maxPriorityFeePerGas = maxFeePerGas;
      this.#o.logger.warn(
        {
          purpose: tx.purpose,
          nonce: tx.nonce.toString(),
          hash: tx.hash,
          maxFeePerGas: maxFeePerGas.toString(),
        },
        "L1 transaction stuck: replacing it with higher fees",
      );
      return this.#signAndSend(tx.purpose, {
        to: parsed.to as Address,
        data: parsed.data ?? "0x",
        value: parsed.value ?? 0n,
        nonce: tx.nonce,
        gas: parsed.gas!,
        maxFeePerGas,
        maxPriorityFeePerGas,
      });
    });
  }

  /** Broadcasts `tx` again as signed (after an L1 reorg or a node that forgot it). */
  async rebroadcast(tx: SentTransaction): Promise<void> {
    try {
      await this.#o.publicClient.sendRawTransaction({ serializedTransaction: tx.raw });
      this.#o.logger.info({ purpose: tx.purpose, hash: tx.hash }, "re-broadcast an L1 transaction");
    } catch (error) {
      // "already known", "nonce too low" (mined meanwhile): the caller looks at the chain again.
      this.#o.logger.debug({ err: error, hash: tx.hash }, "re-broadcast refused");
    }
  }

  /** Every transaction recorded for `purpose`, oldest first. */
  async sentFor(purpose: string): Promise<SentTransaction[]> {
    const { rows } = await this.#o.db.query<{
      hash: Uint8Array;
      nonce: bigint;
      raw: Uint8Array;
      max_fee: string;
      max_priority_fee: string;
      sent_at: Date;
    }>(
      "SELECT hash, nonce, raw, max_fee, max_priority_fee, sent_at FROM l1_transactions WHERE purpose = $1 ORDER BY sent_at, hash",
      [purpose],
    );
    return rows.map((r) => ({
      hash: bytesToHex(r.hash),
      purpose,
      nonce: r.nonce,
      raw: bytesToHex(r.raw),
      maxFeePerGas: BigInt(r.max_fee),
      maxPriorityFeePerGas: BigInt(r.max_priority_fee),
      sentAt: r.sent_at.getTime(),
    }));
  }

  /** Where `tx` stands on L1. */
  async check(tx: SentTransaction): Promise<TransactionState> {
    const { publicClient } = this.#o;
    try {
      return { state: "mined", receipt: await publicClient.getTransactionReceipt({ hash: tx.hash }) };
    } catch (error) {
      if (!(error instanceof TransactionReceiptNotFoundError)) throw error;
    }
    const used = BigInt(
      await publicClient.getTransactionCount({ address: this.address, blockTag: "latest" }),
    );
    if (used > tx.nonce) {
      // The nonce went to another transaction, unless this one was mined in between.
      try {
        return { state: "mined", receipt: await publicClient.getTransactionReceipt({ hash: tx.hash }) };
      } catch (error) {
        if (!(error instanceof TransactionReceiptNotFoundError)) throw error;
        return { state: "dead" };
      }
    }
    try {
      await publicClient.getTransaction({ hash: tx.hash });
      return { state: "pending", known: true };
    } catch (error) {
      if (!(error instanceof TransactionNotFoundError)) throw error;
      return { state: "pending", known: false };
    }
  }

  /**
   * Sends `request` for `purpose` and waits for its receipt, replacing it with higher fees when it is
   * stuck for `stuckAfterMs`. A transaction already recorded for `purpose` (a retry after a crash) is
   * waited for instead of sending another, unless it is dead or reverted. Throws if what it sent reverts.
   */
  async execute(
    purpose: string,
    request: L1Request,
    options: { stuckAfterMs: number; pollMs: number },
  ): Promise<TransactionReceipt> {
    let current = (await this.sentFor(purpose)).at(-1);
    let ours = false;
    for (;;) {
      if (current === undefined) {
        current = await this.send(purpose, request);
        ours = true;
      }
      const state = await this.check(current);
      if (state.state === "mined") {
        if (state.receipt.status === "success") return state.receipt;
        if (ours) {
          throw new L1ServiceError("temporary", `L1 transaction for ${purpose} reverted`, {
            details: { hash: current.hash },
          });
        }
        // An earlier run's transaction reverted: this run tries again.
        current = undefined;
        continue;
      }
      if (state.state === "dead") {
        // A replacement of it may have been mined: look at every transaction of the purpose.
        for (const tx of await this.sentFor(purpose)) {
          const s = await this.check(tx);
          if (s.state === "mined" && s.receipt.status === "success") return s.receipt;
        }
        current = undefined;
        continue;
      }
      if (!state.known) await this.rebroadcast(current);
      else if (Date.now() - current.sentAt >= options.stuckAfterMs) current = await this.replace(current);
      await new Promise((resolve) => setTimeout(resolve, options.pollMs));
    }
  }

  async #fees(): Promise<{ maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }> {
    const fees = await this.#o.publicClient.estimateFeesPerGas();
    let { maxFeePerGas, maxPriorityFeePerGas } = fees;
    const cap = this.#o.maxFeePerGas;
    if (cap !== undefined && maxFeePerGas > cap) maxFeePerGas = cap;
    if (maxPriorityFeePerGas > maxFeePerGas) maxPriorityFeePerGas = maxFeePerGas;
    return { maxFeePerGas, maxPriorityFeePerGas };
  }

  async #signAndSend(
    purpose: string,
    tx: Required<L1Request> & {
      nonce: bigint;
      gas: bigint;
      maxFeePerGas: bigint;
      maxPriorityFeePerGas: bigint;
    },
  ): Promise<SentTransaction> {
    const { walletClient, publicClient, db } = this.#o;
    const raw = await walletClient.signTransaction({
      account: walletClient.account,
      chain: walletClient.chain,
      type: "eip1559",
      to: tx.to,
      data: tx.data,
      value: tx.value,
      nonce: Number(tx.nonce),
      gas: tx.gas,
      maxFeePerGas: tx.maxFeePerGas,
      maxPriorityFeePerGas: tx.maxPriorityFeePerGas,
    });
    const hash = keccak256(raw);
    await db.query(
      `INSERT INTO l1_transactions (hash, purpose, nonce, raw, max_fee, max_priority_fee) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (hash) DO NOTHING`,
      [hexBuffer(hash), purpose, tx.nonce, hexBuffer(raw), tx.maxFeePerGas, tx.maxPriorityFeePerGas],
    );
    const sent: SentTransaction = {
      hash,
      purpose,
      nonce: tx.nonce,
      raw,
      maxFeePerGas: tx.maxFeePerGas,
      maxPriorityFeePerGas: tx.maxPriorityFeePerGas,
      sentAt: Date.now(),
    };
    try {
      await publicClient.sendRawTransaction({ serializedTransaction: raw });
    } catch (error) {
      // Recorded: the caller's next look finds it pending-unknown and broadcasts it again, or dead.
      this.#o.logger.warn({ err: error, purpose, hash }, "broadcasting an L1 transaction failed");
    }
    this.#o.logger.debug({ purpose, hash, nonce: tx.nonce.toString() }, "sent an L1 transaction");
    return sent;
  }
}
