import { bytesToBigint, writeBigint } from "../bytes.ts";

/** An account leaf's value: balance (uint128) ‖ nonce (uint64) ‖ index (uint64). */
export type Account = {
  balance: bigint;
  nonce: bigint;
  index: bigint;
};

export function encodeAccount(account: Account): Uint8Array {
  const out = new Uint8Array(32);
  writeBigint(out, 0, account.balance, 16);
  writeBigint(out, 16, account.nonce, 8);
  writeBigint(out, 24, account.index, 8);
  return out;
}

export function decodeAccount(value: Uint8Array): Account {
  return {
    balance: bytesToBigint(value, 0, 16),
    nonce: bytesToBigint(value, 16, 24),
    index: bytesToBigint(value, 24, 32),
  };
}
