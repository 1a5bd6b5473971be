import {
  type Address,
  BaseError,
  decodeTransaction,
  hexToBytes,
  type QueueEntry,
  TransactionDecodeError,
} from "@halcyon/protocol";

// The one place an L2 node rebuilds a queue entry of docs/protocol.md §4 from the Bridge event that
// announced it (the sequencer's L1 follower, the verifier's derivation and the contract test harness
// all call it). A forced transaction is decoded from its raw bytes with the protocol's decoder, which
// applies the rules the Bridge applied before queueing it.

type Hex = `0x${string}`;

/** A decoded ETHDeposited, ERC20Deposited or TransactionForced log of the Bridge (viem's shape). */
export type BridgeQueueEvent =
  | {
      readonly eventName: "ETHDeposited";
      readonly args: {
        readonly queueIndex: bigint;
        readonly from: Hex;
        readonly to: Hex;
        readonly amount: bigint;
        readonly timestamp: bigint;
      };
    }
  | {
      readonly eventName: "ERC20Deposited";
      readonly args: {
        readonly queueIndex: bigint;
        readonly from: Hex;
        readonly to: Hex;
        readonly l1Token: Hex;
        readonly amount: bigint;
        readonly timestamp: bigint;
      };
    }
  | {
      readonly eventName: "TransactionForced";
      readonly args: {
        readonly queueIndex: bigint;
        readonly from: Hex;
        readonly rawTransaction: Hex;
        readonly timestamp: bigint;
      };
    };

export type QueueEntryOfEvent = {
  readonly entry: QueueEntry;
  /** A forced transaction's bytes as the Bridge received them. */
  readonly rawTransaction?: Uint8Array;
};

/**
 * The Bridge accepted a forced transaction that the protocol's decoder refuses: the two disagree on
 * docs/protocol.md §5.1, and no node can replay the queue without guessing.
 */
export class ForcedTransactionDecodeError extends BaseError {
  override name = "ForcedTransactionDecodeError";
}

const QUEUE_EVENTS: ReadonlySet<string> = new Set(["ETHDeposited", "ERC20Deposited", "TransactionForced"]);

/** Whether a decoded log is one of the Bridge's three queue events. */
export function isBridgeQueueEvent<T extends { readonly eventName: string }>(
  log: T,
): log is Extract<T, { readonly eventName: BridgeQueueEvent["eventName"] }> {
  return QUEUE_EVENTS.has(log.eventName);
}

function lower(address: Hex): Address {
  return address.toLowerCase() as Address;
}

/** The queue entry a Bridge event announces (addresses lower-cased, a forced transaction decoded). */
export function queueEntryOfEvent(event: BridgeQueueEvent, l2ChainId: bigint): QueueEntryOfEvent {
  const base = {
    queueIndex: event.args.queueIndex,
    from: lower(event.args.from),
    l1Timestamp: event.args.timestamp,
  };
  switch (event.eventName) {
    case "ETHDeposited":
      return { entry: { ...base, kind: "eth-deposit", to: lower(event.args.to), amount: event.args.amount } };
    case "ERC20Deposited":
      return {
        entry: {
          ...base,
          kind: "erc20-deposit",
          to: lower(event.args.to),
          l1Token: lower(event.args.l1Token),
          amount: event.args.amount,
        },
      };
    case "TransactionForced": {
      const raw = hexToBytes(event.args.rawTransaction);
      let decoded: ReturnType<typeof decodeTransaction>;
      try {
        decoded = decodeTransaction(raw, l2ChainId);
      } catch (cause) {
        if (!(cause instanceof TransactionDecodeError)) throw cause;
        throw new ForcedTransactionDecodeError(
          `forced transaction ${event.args.queueIndex} does not decode`,
          { cause, details: { queueIndex: event.args.queueIndex, reason: cause.reason } },
        );
      }
      // The entry holds the transaction's fields and signature only (what its hash commits to).
      const { hash: _hash, ...tx } = decoded;
      return { entry: { ...base, kind: "forced-transaction", tx }, rawTransaction: raw };
    }
  }
}
