import { type Address, bigintToBytes, bytesToHex, hexToBytes } from "./bytes.ts";
import { TOKEN_PREFIX } from "./constants.ts";
import { keccak256 } from "./crypto/keccak.ts";

// Bridged-token addresses (docs/protocol.md §2.2): a fixed 4-byte prefix, so that the kind of a call
// is known from its recipient alone, and 16 bytes of the hash of the L1 address.

const TOKEN_PREFIX_HEX = `0x${TOKEN_PREFIX.toString(16).padStart(8, "0")}`;

/** The L2 address of the bridged token whose L1 address is `l1Token`: prefix ‖ keccak(l1Token)[16..32). */
export function l2TokenAddress(l1Token: Address): Address {
  const hash = keccak256(hexToBytes(l1Token));
  const out = new Uint8Array(20);
  out.set(bigintToBytes(TOKEN_PREFIX, 4), 0);
  out.set(hash.subarray(16, 32), 4);
  return bytesToHex(out);
}

/** Every address starting with TOKEN_PREFIX is a bridged-token address, registered or not. */
export function isTokenAddress(address: Address): boolean {
  return address.toLowerCase().startsWith(TOKEN_PREFIX_HEX);
}
