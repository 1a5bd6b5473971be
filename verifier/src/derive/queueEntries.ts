import { bridgeAbi, type L1PublicClient } from "@halcyon/node-common";
import {
  type Address,
  bytesToHex,
  decodeTransaction,
  equalBytes,
  hexToBytes,
  type QueueEntry,
  queueEntryHash,
  TransactionDecodeError,
} from "@halcyon/protocol";
import type { Hex } from "viem";
import { CriticalError } from "../errors.ts";
import type { BridgeLog } from "./l1Retrieval.ts";
import type { DerivedQueueEntry } from "./types.ts";

// Stage 3a of the derivation: rebuilds each L1 queue entry from the Bridge event that announced it
// (docs/protocol.md §4) and checks it against the hash the Bridge stores, Bridge.queueEntry(i). A
// forced transaction's raw bytes are decoded with the protocol's decoder, which applies the same rules
// as the Bridge: a transaction the Bridge accepted and the decoder refuses means the two disagree on
// the protocol, and the verifier stops rather than replay on a guess.

export type QueueEntryStageOptions = {
  readonly client: L1PublicClient;
  readonly bridge: Address;
  readonly chainId: bigint;
  /** Concurrent Bridge.queueEntry calls. Default 8. */
  readonly concurrency?: number;
};

function lower(address: Hex): Address {
  return address.toLowerCase() as Address;
}

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

  /** The entry an event announces (without the check against the Bridge). */
  entryOf(log: BridgeLog): { entry: QueueEntry; rawTransaction?: Uint8Array } {
    const base = {
      queueIndex: log.args.queueIndex,
      from: lower(log.args.from),
      l1Timestamp: log.args.timestamp,
    };
    switch (log.eventName) {
      case "ETHDeposited":
        return { entry: { ...base, kind: "eth-deposit", to: lower(log.args.to), amount: log.args.amount } };
      case "ERC20Deposited":
        return {
          entry: {
            ...base,
            kind: "erc20-deposit",
            to: lower(log.args.to),
            l1Token: lower(log.args.l1Token),
            amount: log.args.amount,
          },
        };
      case "TransactionForced": {
        const raw = hexToBytes(log.args.rawTransaction);
        try {
          return {
            entry: { ...base, kind: "forced-transaction", tx: decodeTransaction(raw, this.#chainId) },
            rawTransaction: raw,
          };
        } catch (cause) {
          if (!(cause instanceof TransactionDecodeError)) throw cause;
          throw new CriticalError(
            "the Bridge queued a forced transaction that the protocol decoder refuses: the Bridge and the protocol disagree",
            {
              cause,
              details: { queueIndex: log.args.queueIndex, reason: cause.reason, l1Block: log.blockNumber },
            },
          );
        }
      }
    }
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

  async #derive(log: BridgeLog): Promise<DerivedQueueEntry> {
    const { entry, rawTransaction } = this.entryOf(log);
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
