/** Bit i of a 32-byte key (i = 0..255), bit 0 being the most significant bit of byte 0. 0 = left, 1 = right. */
export function keyBit(key: Uint8Array, i: number): number {
  return (key[i >> 3]! >> (7 - (i & 7))) & 1;
}

/** The first bit index at which two 32-byte keys differ, or 256 if they are equal. */
export function firstDifferingBit(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < 32; i++) {
    const x = a[i]! ^ b[i]!;
    if (x !== 0) return i * 8 + Math.clz32(x) - 24;
  }
  return 256;
}

/** Whether two keys agree on bits 0..bits-1. */
export function sharesPrefix(a: Uint8Array, b: Uint8Array, bits: number): boolean {
  return firstDifferingBit(a, b) >= bits;
}
