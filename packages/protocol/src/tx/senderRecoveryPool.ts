import { Worker } from "node:worker_threads";
import { type Address, bytesToHex } from "../bytes.ts";
import { MAX_RAW_TX_BYTES } from "../constants.ts";
import { BaseError } from "../errors.ts";
import {
  decodeTransaction,
  TransactionDecodeError,
  type TransactionDecodeReason,
} from "./decodeTransaction.ts";
import { writeSignatureWords } from "./recoverSender.ts";
import {
  RESULT_BYTES,
  type RecoveryRequest,
  type RecoveryResponse,
  SIGNED_RECORD_BYTES,
  STATUS_OK,
  STATUS_UNRECOVERABLE,
} from "./senderRecoveryMessages.ts";
import { signingHash } from "./signingHash.ts";
import type { SignedTransaction, TransactionFields, TransactionSignature } from "./transaction.ts";

// Sender recovery (~65 µs of ECDSA per transaction) spread over worker threads. Each call splits
// its input into one contiguous slice per worker and ships each slice as one transferred buffer.

/** Why a raw transaction has no sender: a decode failure, or a signature that recovers no key. */
export type SenderRecoveryErrorReason = TransactionDecodeReason | "unrecoverable-signature";

export type RawRecoveryResult =
  | { readonly ok: true; readonly tx: SignedTransaction; readonly sender: Address }
  | { readonly ok: false; readonly error: SenderRecoveryErrorReason };

export type SenderRecoveryPool = {
  readonly threads: number;
  /**
   * Decodes each raw transaction for `chainId` and recovers its sender; one result per input, in
   * input order. The calling thread decodes while the workers recover.
   */
  recoverRaw(raws: readonly Uint8Array[], chainId: bigint): Promise<RawRecoveryResult[]>;
  /**
   * Senders of already-decoded (or rebuilt) transactions, in input order; null where the signature
   * recovers no key. Signature range rules (low-s) are the caller's: decodeTransaction checks them.
   * Rejects with TransactionEncodeError when a transaction's fields cannot be encoded.
   */
  recoverSenders(txs: readonly (TransactionFields & TransactionSignature)[]): Promise<Array<Address | null>>;
  /** Waits for calls in flight, then stops the workers. Later calls reject. Idempotent. */
  close(): Promise<void>;
};

export type SenderRecoveryPoolOptions = {
  /** Worker threads (default 2). */
  readonly threads?: number;
  /** Fewest transactions worth a worker of their own: small calls use fewer workers (default 16). */
  readonly minSliceSize?: number;
};

export type SenderRecoveryPoolErrorReason = "closed" | "worker-failed" | "bad-options";

export class SenderRecoveryPoolError extends BaseError {
  override name = "SenderRecoveryPoolError";
  readonly reason: SenderRecoveryPoolErrorReason;

  constructor(reason: SenderRecoveryPoolErrorReason, message: string, cause?: unknown) {
    super(message, { details: { reason }, cause });
    this.reason = reason;
  }
}

type Pending = { resolve: (results: Uint8Array) => void; reject: (error: unknown) => void };

type PoolWorker = {
  readonly worker: Worker;
  readonly pending: Map<number, Pending & { readonly size: number }>;
  /** Transactions sent and not yet answered. */
  load: number;
};

const WORKER_URL = new URL("./senderRecoveryWorker.ts", import.meta.url);

/**
 * The parent's flags that a worker accepts: module loading and warnings. V8 and process flags
 * (--max-semi-space-size, --max-old-space-size, --input-type, ...) make `new Worker` throw, and the
 * workers have no use for them.
 */
function workerExecArgv(): string[] {
  const kept = ["--import", "--require", "--loader", "--experimental-loader", "--conditions", "-C"];
  const argv: string[] = [];
  for (let i = 0; i < process.execArgv.length; i++) {
    const arg = process.execArgv[i]!;
    const name = arg.split("=")[0]!;
    if (kept.includes(name)) {
      argv.push(arg);
      if (!arg.includes("=") && i + 1 < process.execArgv.length) argv.push(process.execArgv[++i]!);
    } else if (
      arg.startsWith("--no-warnings") ||
      arg.startsWith("--experimental-") ||
      arg === "--enable-source-maps"
    ) {
      argv.push(arg);
    }
  }
  return argv;
}

/** Splits `count` items into at most `parts` contiguous slices of near-equal size: slice bounds. */
function sliceBounds(count: number, parts: number): number[] {
  const bounds = [0];
  for (let k = 1; k <= parts; k++) bounds.push(Math.round((count * k) / parts));
  return bounds;
}

export function createSenderRecoveryPool(options: SenderRecoveryPoolOptions = {}): SenderRecoveryPool {
  const threads = options.threads ?? 2;
  const minSliceSize = options.minSliceSize ?? 16;
  if (!Number.isInteger(threads) || threads < 1) {
    throw new SenderRecoveryPoolError("bad-options", "threads must be a positive integer");
  }
  if (!Number.isInteger(minSliceSize) || minSliceSize < 1) {
    throw new SenderRecoveryPoolError("bad-options", "minSliceSize must be a positive integer");
  }

  let nextId = 0;
  let closed = false;
  let closing: Promise<void> | undefined;
  let failure: SenderRecoveryPoolError | undefined;
  const inFlight = new Set<Promise<unknown>>();

  function failAll(error: SenderRecoveryPoolError): void {
    failure ??= error;
    for (const w of workers) {
      for (const p of w.pending.values()) p.reject(failure);
      w.pending.clear();
      w.load = 0;
      w.worker.unref();
    }
  }

  const workers: PoolWorker[] = [];
  for (let i = 0; i < threads; i++) {
    const worker = new Worker(WORKER_URL, { execArgv: workerExecArgv() });
    const entry: PoolWorker = { worker, pending: new Map(), load: 0 };
    // An idle pool must not keep the process alive; a worker is ref'd only while it owes answers.
    worker.unref();
    worker.on("message", (response: RecoveryResponse) => {
      const pending = entry.pending.get(response.id);
      if (pending === undefined) return;
      entry.pending.delete(response.id);
      entry.load -= pending.size;
      if (entry.pending.size === 0) worker.unref();
      if ("error" in response) {
        pending.reject(
          new SenderRecoveryPoolError("worker-failed", `recovery worker failed: ${response.error}`),
        );
      } else {
        pending.resolve(response.results);
      }
    });
    worker.on("error", (error) => {
      failAll(new SenderRecoveryPoolError("worker-failed", "recovery worker crashed", error));
    });
    worker.on("exit", (code) => {
      if (!closed) failAll(new SenderRecoveryPoolError("worker-failed", `recovery worker exited (${code})`));
    });
    workers.push(entry);
  }

  function send(
    entry: PoolWorker,
    size: number,
    request: RecoveryRequest,
    transfer: ArrayBuffer[],
  ): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      if (entry.pending.size === 0) entry.worker.ref();
      entry.pending.set(request.id, { resolve, reject, size });
      entry.load += size;
      entry.worker.postMessage(request, transfer);
    });
  }

  function checkOpen(): void {
    if (failure !== undefined) throw failure;
    if (closed) throw new SenderRecoveryPoolError("closed", "sender recovery pool is closed");
  }

  function track<T>(promise: Promise<T>): Promise<T> {
    inFlight.add(promise);
    const untrack = () => inFlight.delete(promise);
    promise.then(untrack, untrack);
    return promise;
  }

  /**
   * Splits `count` items into contiguous slices, one per worker (least loaded first, so concurrent
   * small calls spread out); `build` makes the request for items [from, to). Answers in slice order.
   */
  function dispatch(
    count: number,
    build: (from: number, to: number, id: number) => { request: RecoveryRequest; transfer: ArrayBuffer[] },
  ): Promise<Uint8Array[]> {
    const parts = Math.min(threads, Math.ceil(count / minSliceSize));
    const bounds = sliceBounds(count, parts);
    const chosen = [...workers].sort((a, b) => a.load - b.load);
    // Each slice goes out as soon as it is built, so the first worker starts while later slices are
    // still being prepared. If a later `build` throws, earlier answers are dropped, quietly.
    const answers: Promise<Uint8Array>[] = [];
    try {
      for (let k = 0; k < parts; k++) {
        const from = bounds[k]!;
        const to = bounds[k + 1]!;
        const { request, transfer } = build(from, to, nextId++);
        answers.push(send(chosen[k]!, to - from, request, transfer));
      }
    } catch (error) {
      for (const answer of answers) answer.catch(() => {});
      throw error;
    }
    return Promise.all(answers);
  }

  async function runRaw(raws: readonly Uint8Array[], chainId: bigint): Promise<RawRecoveryResult[]> {
    const answers = dispatch(raws.length, (from, to, id) => {
      let total = 0;
      for (let i = from; i < to; i++) if (raws[i]!.length <= MAX_RAW_TX_BYTES) total += raws[i]!.length;
      const bytes = new Uint8Array(total);
      const offsets = new Uint32Array(to - from + 1);
      let p = 0;
      for (let i = from; i < to; i++) {
        const raw = raws[i]!;
        // Too large to decode anyway: send nothing, the worker answers "undecodable".
        if (raw.length <= MAX_RAW_TX_BYTES) {
          bytes.set(raw, p);
          p += raw.length;
        }
        offsets[i - from + 1] = p;
      }
      return {
        request: { kind: "raw", id, chainId, bytes, offsets },
        transfer: [bytes.buffer, offsets.buffer],
      };
    });
    // If decoding below throws (a defect), the answers are dropped: keep that from being unhandled.
    answers.catch(() => {});
    // Decode here while the workers recover: the caller wants the decoded transactions anyway.
    const decoded: Array<SignedTransaction | TransactionDecodeReason> = new Array(raws.length);
    for (let i = 0; i < raws.length; i++) {
      try {
        decoded[i] = decodeTransaction(raws[i]!, chainId);
      } catch (error) {
        if (!(error instanceof TransactionDecodeError)) throw error;
        decoded[i] = error.reason;
      }
    }
    const slices = await answers;
    const out: RawRecoveryResult[] = new Array(raws.length);
    let i = 0;
    for (const results of slices) {
      for (let j = 0; j < results.length / RESULT_BYTES; j++, i++) {
        const tx = decoded[i]!;
        if (typeof tx === "string") {
          out[i] = { ok: false, error: tx };
          continue;
        }
        const status = results[j * RESULT_BYTES]!;
        if (status === STATUS_OK) {
          const at = j * RESULT_BYTES + 1;
          out[i] = { ok: true, tx, sender: bytesToHex(results.subarray(at, at + 20)) };
        } else if (status === STATUS_UNRECOVERABLE) {
          out[i] = { ok: false, error: "unrecoverable-signature" };
        } else {
          // Same code on both sides: only a defect could make the worker disagree.
          throw new SenderRecoveryPoolError("worker-failed", "worker and pool disagree on a decode");
        }
      }
    }
    return out;
  }

  async function runSigned(
    txs: readonly (TransactionFields & TransactionSignature)[],
  ): Promise<Array<Address | null>> {
    const slices = await dispatch(txs.length, (from, to, id) => {
      const records = new Uint8Array((to - from) * SIGNED_RECORD_BYTES);
      for (let i = from; i < to; i++) {
        const tx = txs[i]!;
        const at = (i - from) * SIGNED_RECORD_BYTES;
        records.set(signingHash(tx), at);
        // A signature out of range is sent as zero words, which recover no key: the answer is null.
        const valid = tx.yParity === 0 || tx.yParity === 1;
        if (!valid || !writeSignatureWords(records, at + 32, tx.r, tx.s)) records.fill(0, at + 32, at + 96);
        records[at + 96] = valid ? tx.yParity : 0;
      }
      return { request: { kind: "signed", id, records }, transfer: [records.buffer] };
    });
    const out: Array<Address | null> = [];
    for (const results of slices) {
      for (let j = 0; j < results.length / RESULT_BYTES; j++) {
        const at = j * RESULT_BYTES;
        out.push(results[at] === STATUS_OK ? bytesToHex(results.subarray(at + 1, at + 21)) : null);
      }
    }
    return out;
  }

  return {
    threads,
    async recoverRaw(raws, chainId) {
      checkOpen();
      if (raws.length === 0) return [];
      return track(runRaw(raws, chainId));
    },
    async recoverSenders(txs) {
      checkOpen();
      if (txs.length === 0) return [];
      return track(runSigned(txs));
    },
    close() {
      closing ??= (async () => {
        closed = true;
        await Promise.allSettled([...inFlight]);
        await Promise.all(workers.map((w) => w.worker.terminate()));
      })();
      return closing;
    },
  };
}
