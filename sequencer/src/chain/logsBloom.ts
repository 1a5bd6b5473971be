import { bytesToHex, type Hex, hexToBytes, keccak256 } from "@halcyon/protocol";

// The 2048-bit logs bloom of the Ethereum yellow paper (§4.3.1): for the address and each topic of
// every log, three bits chosen by the low 11 bits of the first three byte pairs of its keccak.

export const BLOOM_BYTES = 256;

export function createBloom(): Uint8Array {
  return new Uint8Array(BLOOM_BYTES);
}

function addToBloom(bloom: Uint8Array, item: Uint8Array): void {
  const hash = keccak256(item);
  for (let i = 0; i < 6; i += 2) {
    const bit = ((hash[i]! << 8) | hash[i + 1]!) & 0x7ff;
    bloom[BLOOM_BYTES - 1 - (bit >> 3)]! |= 1 << (bit & 7);
  }
}

/** Adds a log's address and topics to `bloom`. */
export function addLogToBloom(bloom: Uint8Array, log: { address: Hex; topics: readonly Hex[] }): void {
  addToBloom(bloom, hexToBytes(log.address));
  for (const topic of log.topics) addToBloom(bloom, hexToBytes(topic));
}

/** The bloom of a list of logs, as hex. */
export function logsBloomOf(logs: readonly { address: Hex; topics: readonly Hex[] }[]): Hex {
  const bloom = createBloom();
  for (const log of logs) addLogToBloom(bloom, log);
  return bytesToHex(bloom);
}

/** Whether `bloom` may contain `item` (an address or topic): false means certainly not. */
export function bloomMayContain(bloom: Uint8Array, item: Hex): boolean {
  const hash = keccak256(hexToBytes(item));
  for (let i = 0; i < 6; i += 2) {
    const bit = ((hash[i]! << 8) | hash[i + 1]!) & 0x7ff;
    if ((bloom[BLOOM_BYTES - 1 - (bit >> 3)]! & (1 << (bit & 7))) === 0) return false;
  }
  return true;
}
