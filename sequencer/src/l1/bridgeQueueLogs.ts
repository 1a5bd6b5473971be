import { bridgeAbi } from "@halcyon/node-common";
import {
  type Address,
  bytesToHex,
  decodeTransaction,
  type Hex,
  hexToBytes,
  type QueueEntry,
  queueEntryHash,
} from "@halcyon/protocol";
import { type Log, parseEventLogs } from "viem";
import type { LocatedQueueEntry } from "../store/queueEntryTable.ts";
import { L1ServiceError } from "./errors.ts";

// The Bridge's queue events (ETHDeposited, ERC20Deposited, TransactionForced) rebuilt into queue entries
// as docs/protocol.md §4 defines them: a forced transaction is decoded from its raw bytes with the
// protocol's decoder, as the Bridge decoded it.

const lower = (a: string) => a.toLowerCase() as Address;

/** The queue entries among `logs` (any of the Bridge's logs), in log order, with where they were found. */
export function queueEntriesOfLogs(logs: readonly Log[], l2ChainId: bigint): LocatedQueueEntry[] {
  const out: LocatedQueueEntry[] = [];
  for (const log of parseEventLogs({ abi: bridgeAbi, logs: logs as Log[] })) {
    let entry: QueueEntry;
    if (log.eventName === "ETHDeposited") {
      const { queueIndex, from, to, amount, timestamp } = log.args;
      entry = {
        kind: "eth-deposit",
        queueIndex,
        from: lower(from),
        to: lower(to),
        amount,
        l1Timestamp: timestamp,
      };
    } else if (log.eventName === "ERC20Deposited") {
      const { queueIndex, from, to, l1Token, amount, timestamp } = log.args;
      entry = {
        kind: "erc20-deposit",
        queueIndex,
        from: lower(from),
        to: lower(to),
        l1Token: lower(l1Token),
        amount,
        l1Timestamp: timestamp,
      };
    } else if (log.eventName === "TransactionForced") {
      const { queueIndex, from, rawTransaction, timestamp } = log.args;
      let tx: ReturnType<typeof decodeTransaction>;
      try {
        tx = decodeTransaction(hexToBytes(rawTransaction), l2ChainId);
      } catch (cause) {
        // The Bridge accepts only what decodes under docs/protocol.md §5.1: the two decoders disagree.
        throw new L1ServiceError("critical", `forced transaction ${queueIndex} does not decode`, {
          cause,
          details: { queueIndex },
        });
      }
      const { hash: _hash, ...fields } = tx;
      entry = {
        kind: "forced-transaction",
        queueIndex,
        from: lower(from),
        tx: fields,
        l1Timestamp: timestamp,
      };
    } else {
      continue;
    }
    if (log.blockNumber === null || log.transactionHash === null) {
      throw new L1ServiceError("temporary", "the L1 node returned a pending log");
    }
    out.push({
      entry,
      entryHash: bytesToHex(queueEntryHash(entry)),
      l1BlockNumber: log.blockNumber,
      l1TxHash: log.transactionHash as Hex,
    });
  }
  return out;
}
