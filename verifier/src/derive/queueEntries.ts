import {
  bridgeAbi,
  ForcedTransactionDecodeError,
  type L1PublicClient,
  type QueueEntryOfEvent,
  queueEntryOfEvent,
} from "@halcyon/node-common";
import { type Address, bytesToHex, equalBytes, hexToBytes, queueEntryHash } from "@halcyon/protocol";
import { CriticalError } from "../errors.ts";
import type { BridgeLog } from "./l1Retrieval.ts";
import type { DerivedQueueEntry } from "./types.ts";

// Stage 3a of the derivation: rebuilds each L1 queue entry from the Bridge event that announced it
// (docs/protocol.md §4, with node-common's queueEntryOfEvent) and checks it against the hash the Bridge
// stores, Bridge.queueEntry(i). A forced transaction the Bridge accepted and the protocol's decoder
// refuses means the two disagree on the protocol, and the verifier stops rather than replay on a guess.

export type QueueEntryStageOptions = {
  readonly client: L1PublicClient;
  readonly bridge: Address;
  readonly chainId: bigint;
  /** Concurrent Bridge.queueEntry calls. Default 8. */
  readonly concurrency?: number;
};

export class QueueEntryStage {
  readonly #client: L1PublicClient;
  readonly #bridge: Address;
  readonly #chainId: bigint;
  readonly #concurrency: number;

  constructor(options: QueueEntryStageOptions) {
    this.#client = options.client;
    this.#bridge = options.bridge;
    this.#chainId = options.chainId;
    this.#concurrency = options.concurrency ?? 8;
  }

  /** Rebuilds the entries of `logs` and checks each one's hash against Bridge.queueEntry(i). */
  async nextEntries(logs: readonly BridgeLog[]): Promise<DerivedQueueEntry[]> {
    const out: DerivedQueueEntry[] = new Array(logs.length);
    for (let start = 0; start < logs.length; start += this.#concurrency) {
      const slice = logs.slice(start, start + this.#concurrency);
      const done = await Promise.all(slice.map((log) => this.#derive(log)));
      done.forEach((entry, i) => {
        out[start + i] = entry;
      });
    }
    return out;
  }

  #entryOf(log: BridgeLog): QueueEntryOfEvent {
    try {
      return queueEntryOfEvent(log, this.#chainId);
    } catch (cause) {
      if (!(cause instanceof ForcedTransactionDecodeError)) throw cause;
      throw new CriticalError(
        "the Bridge queued a forced transaction that the protocol decoder refuses: the Bridge and the protocol disagree",
        { cause, details: { ...cause.details, l1Block: log.blockNumber } },
      );
    }
  }

  async #derive(log: BridgeLog): Promise<DerivedQueueEntry> {
    const { entry, rawTransaction } = this.#entryOf(log);
    const entryHash = queueEntryHash(entry);
    const stored = await this.#client.readContract({
      address: this.#bridge,
      abi: bridgeAbi,
      functionName: "queueEntry",
      args: [entry.queueIndex],
      blockNumber: log.blockNumber,
    });
    if (!equalBytes(hexToBytes(stored), entryHash)) {
      throw new CriticalError(
        "a queue entry rebuilt from its event does not match the Bridge's stored hash",
        {
          details: {
            queueIndex: entry.queueIndex,
            kind: entry.kind,
            rebuilt: bytesToHex(entryHash),
            stored,
            l1Block: log.blockNumber,
          },
        },
      );
    }
    return {
      kind: "queue-entry",
      entry,
      ...(rawTransaction === undefined ? {} : { rawTransaction }),
      entryHash,
      l1Block: log.blockNumber,
      l1BlockHash: log.blockHash,
      logIndex: log.logIndex,
    };
  }
}
