import type { Hex } from "@halcyon/protocol";

/**
 * Bytes of a 0x-prefixed hex string the sequencer made itself (a hash or an address), decoded
 * natively: these conversions run for every row written. Not for untrusted input (no checks).
 */
export function hexBuffer(hex: Hex): Buffer {
  return Buffer.from(hex.slice(2), "hex");
}
