import { type Address, bigintToBytes } from "../bytes.ts";
import { keccak256 } from "../crypto/keccak.ts";

// Leaf keys of the state tree (docs/protocol.md §2.2). Each is keccak of a one-byte tag and the
// leaf's identity, so the key spaces cannot meet.

const TAG_ACCOUNT = 0x01;
const TAG_INDEX = 0x02;
const TAG_TOKEN_BALANCE = 0x03;
const TAG_TOKEN_L1 = 0x04;
const TAG_TOKEN_SUPPLY = 0x05;

const scratch21 = new Uint8Array(21);
const scratch9 = new Uint8Array(9);
const scratch41 = new Uint8Array(41);

function writeAddress(target: Uint8Array, offset: number, address: Address): void {
  for (let i = 0; i < 20; i++) {
    target[offset + i] = Number.parseInt(address.slice(2 + 2 * i, 4 + 2 * i), 16);
  }
}

// Account keys are derived on every transaction: remember them (bounded by the number of accounts).
const accountKeyCache = new Map<string, Uint8Array>();

export function accountKey(address: Address): Uint8Array {
  let key = accountKeyCache.get(address);
  if (key === undefined) {
    scratch21[0] = TAG_ACCOUNT;
    writeAddress(scratch21, 1, address);
    key = keccak256(scratch21);
    accountKeyCache.set(address, key);
  }
  return key;
}

export function indexKey(index: bigint): Uint8Array {
  scratch9[0] = TAG_INDEX;
  scratch9.set(bigintToBytes(index, 8), 1);
  return keccak256(scratch9);
}

export function tokenBalanceKey(token: Address, owner: Address): Uint8Array {
  scratch41[0] = TAG_TOKEN_BALANCE;
  writeAddress(scratch41, 1, token);
  writeAddress(scratch41, 21, owner);
  return keccak256(scratch41);
}

export function tokenL1Key(token: Address): Uint8Array {
  scratch21[0] = TAG_TOKEN_L1;
  writeAddress(scratch21, 1, token);
  return keccak256(scratch21);
}

export function tokenSupplyKey(token: Address): Uint8Array {
  scratch21[0] = TAG_TOKEN_SUPPLY;
  writeAddress(scratch21, 1, token);
  return keccak256(scratch21);
}
