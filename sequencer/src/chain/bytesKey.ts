// Byte strings as compact strings (two bytes per UTF-16 unit), for Maps keyed by state-tree keys.
// Keys of one Map must all have the same length (an odd-length key is padded with a zero byte).

export function bytesKey(bytes: Uint8Array): string {
  let b = bytes;
  if ((b.byteOffset & 1) !== 0 || (b.length & 1) !== 0) {
    // An aligned, even-length copy, so that every key is read the same way.
    b = new Uint8Array(bytes.length + (bytes.length & 1));
    b.set(bytes);
  }
  return String.fromCharCode.apply(
    null,
    new Uint16Array(b.buffer, b.byteOffset, b.length >> 1) as unknown as number[],
  );
}
