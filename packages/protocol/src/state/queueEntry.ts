import { type Address, bigintToBytes, concatBytes } from "../bytes.ts";
import { keccak256 } from "../crypto/keccak.ts";
import type { TransactionFields, TransactionSignature } from "../tx/transaction.ts";

/** An entry of the Bridge's L1 queue (docs/protocol.md §3.6, §4). */
export type QueueEntry = EthDepositEntry | Erc20DepositEntry | ForcedTransactionEntry;

type EntryBase = {
  /** Position in the queue, from 0. */
  readonly queueIndex: bigint;
  /** The L1 account that made the entry. */
  readonly from: Address;
  readonly l1Timestamp: bigint;
};

export type EthDepositEntry = EntryBase & {
  readonly kind: "eth-deposit";
  readonly to: Address;
  readonly amount: bigint;
};

export type Erc20DepositEntry = EntryBase & {
  readonly kind: "erc20-deposit";
  readonly to: Address;
  readonly l1Token: Address;
  readonly amount: bigint;
};

export type ForcedTransactionEntry = EntryBase & {
  readonly kind: "forced-transaction";
  readonly tx: TransactionFields & TransactionSignature;
};

function word(value: bigint): Uint8Array {
  return bigintToBytes(value, 32);
}

function addressWord(address: Address): Uint8Array {
  return word(BigInt(address));
}

/** dataHash of an entry: keccak of its ABI encoding with its kind tag (§4). */
export function queueEntryDataHash(entry: QueueEntry): Uint8Array {
  switch (entry.kind) {
    case "eth-deposit":
      return keccak256(
        concatBytes(word(1n), addressWord(entry.from), addressWord(entry.to), word(entry.amount)),
      );
    case "erc20-deposit":
      return keccak256(
        concatBytes(
          word(2n),
          addressWord(entry.from),
          addressWord(entry.to),
          addressWord(entry.l1Token),
          word(entry.amount),
        ),
      );
    case "forced-transaction": {
      const tx = entry.tx;
      const padded = new Uint8Array(Math.ceil(tx.data.length / 32) * 32);
      padded.set(tx.data);
      return keccak256(
        concatBytes(
          word(3n),
          addressWord(entry.from),
          word(BigInt(tx.type)),
          word(tx.nonce),
          word(tx.maxPriorityFeePerGas),
          word(tx.maxFeePerGas),
          word(tx.gasLimit),
          addressWord(tx.to),
          word(tx.value),
          word(13n * 32n), // offset of the dynamic `data` in the 13-word head
          word(BigInt(tx.yParity)),
          word(tx.r),
          word(tx.s),
          word(BigInt(tx.data.length)),
          padded,
        ),
      );
    }
  }
}

/** The hash the Bridge stores for an entry: keccak(abi.encode(dataHash, uint64 l1Timestamp)). */
export function queueEntryHash(entry: QueueEntry): Uint8Array {
  return keccak256(concatBytes(queueEntryDataHash(entry), word(entry.l1Timestamp)));
}
