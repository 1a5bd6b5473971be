import { type Address, bigintToBytes, bytesToHex, type Hex } from "../bytes.ts";
import { L2_BRIDGE_ADDRESS } from "../constants.ts";
import { keccak256 } from "../crypto/keccak.ts";

/** A log as receipts carry it (docs/protocol.md §3.7). */
export type Log = {
  readonly address: Address;
  readonly topics: readonly Hex[];
  readonly data: Hex;
};

function eventTopic(signature: string): Hex {
  return bytesToHex(keccak256(new TextEncoder().encode(signature)));
}

export const TRANSFER_TOPIC = eventTopic("Transfer(address,address,uint256)");
export const WITHDRAWAL_INITIATED_TOPIC = eventTopic(
  "WithdrawalInitiated(uint256,address,address,address,uint256)",
);
export const DEPOSIT_FINALIZED_TOPIC = eventTopic(
  "DepositFinalized(uint256,address,address,address,uint256)",
);

export const ZERO_ADDRESS: Address = "0x0000000000000000000000000000000000000000";

function word(value: bigint): Hex {
  return bytesToHex(bigintToBytes(value, 32));
}

function addressTopic(address: Address): Hex {
  return word(BigInt(address));
}

function dataWords(...values: bigint[]): Hex {
  let out = "0x";
  for (const v of values) out += word(v).slice(2);
  return out as Hex;
}

export function transferLog(token: Address, from: Address, to: Address, amount: bigint): Log {
  return {
    address: token,
    topics: [TRANSFER_TOPIC, addressTopic(from), addressTopic(to)],
    data: word(amount),
  };
}

export function withdrawalInitiatedLog(
  index: bigint,
  l2Sender: Address,
  l1Recipient: Address,
  l1Token: Address,
  amount: bigint,
): Log {
  return {
    address: L2_BRIDGE_ADDRESS,
    topics: [WITHDRAWAL_INITIATED_TOPIC, word(index), addressTopic(l2Sender), addressTopic(l1Recipient)],
    data: dataWords(BigInt(l1Token), amount),
  };
}

export function depositFinalizedLog(
  queueIndex: bigint,
  from: Address,
  to: Address,
  l1Token: Address,
  amount: bigint,
): Log {
  return {
    address: L2_BRIDGE_ADDRESS,
    topics: [DEPOSIT_FINALIZED_TOPIC, word(queueIndex), addressTopic(from), addressTopic(to)],
    data: dataWords(BigInt(l1Token), amount),
  };
}
