import {
  bridgeAbi,
  ForcedTransactionDecodeError,
  isBridgeQueueEvent,
  queueEntryOfEvent,
} from "@halcyon/node-common";
import { bytesToHex, type Hex, queueEntryHash } from "@halcyon/protocol";
import { type Log, parseEventLogs } from "viem";
import type { LocatedQueueEntry } from "../store/queueEntryTable.ts";
import { L1ServiceError } from "./errors.ts";

// The Bridge's queue events (ETHDeposited, ERC20Deposited, TransactionForced) rebuilt into queue entries
// by node-common's queueEntryOfEvent, with where on L1 each was found.

/** The queue entries among `logs` (any of the Bridge's logs), in log order, with where they were found. */
export function queueEntriesOfLogs(logs: readonly Log[], l2ChainId: bigint): LocatedQueueEntry[] {
  const out: LocatedQueueEntry[] = [];
  for (const log of parseEventLogs({ abi: bridgeAbi, logs: logs as Log[] })) {
    if (!isBridgeQueueEvent(log)) continue;
    let entry: LocatedQueueEntry["entry"];
    try {
      ({ entry } = queueEntryOfEvent(log, l2ChainId));
    } catch (cause) {
      // The Bridge accepts only what decodes under docs/protocol.md §5.1: the two decoders disagree.
      if (!(cause instanceof ForcedTransactionDecodeError)) throw cause;
      throw new L1ServiceError("critical", cause.message, { cause, details: cause.details });
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
