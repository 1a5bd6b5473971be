/** A growable byte buffer for the encoder. */
export class ByteWriter {
  #buf: Uint8Array;
  length: number;

  constructor(capacity = 256) {
    this.#buf = new Uint8Array(Math.max(16, capacity));
    this.length = 0;
  }

  #reserve(n: number): void {
    if (this.length + n <= this.#buf.length) return;
    let capacity = this.#buf.length * 2;
    while (capacity < this.length + n) capacity *= 2;
    const next = new Uint8Array(capacity);
    next.set(this.#buf.subarray(0, this.length));
    this.#buf = next;
  }

  u8(byte: number): void {
    this.#reserve(1);
    this.#buf[this.length++] = byte;
  }

  bytes(bytes: Uint8Array): void {
    this.#reserve(bytes.length);
    this.#buf.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** `value` big-endian in exactly `n` bytes; the caller has checked that it fits. */
  uint(value: bigint, n: number): void {
    this.#reserve(n);
    let v = value;
    for (let i = this.length + n - 1; i >= this.length; i--) {
      this.#buf[i] = Number(v & 0xffn);
      v >>= 8n;
    }
    this.length += n;
  }

  /** A copy of the bytes written so far. */
  toBytes(): Uint8Array {
    return this.#buf.slice(0, this.length);
  }

  /** Appends the bytes written so far to another writer. */
  copyTo(other: ByteWriter): void {
    other.bytes(this.#buf.subarray(0, this.length));
  }
}
