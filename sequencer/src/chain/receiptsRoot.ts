import { bigintToBytes, bytesToHex, type Hex, keccak256 } from "@halcyon/protocol";

/**
 * The block's `receiptsRoot`. Halcyon blocks have no receipt trie (receipts are not part of any
 * commitment: docs/protocol.md §3.7); wallets only need 32 deterministic bytes here, so this is
 * keccak over (transaction hash ‖ status byte ‖ uint64 cumulative gas) of each receipt.
 */
export function receiptsRootOf(
  receipts: readonly { readonly hash: Hex; readonly status: 0 | 1; readonly cumulativeGasUsed: bigint }[],
): Hex {
  const out = new Uint8Array(41 * receipts.length);
  receipts.forEach((r, i) => {
    out.set(Buffer.from(r.hash.slice(2), "hex"), 41 * i);
    out[41 * i + 32] = r.status;
    out.set(bigintToBytes(r.cumulativeGasUsed, 8), 41 * i + 33);
  });
  return bytesToHex(keccak256(out));
}
