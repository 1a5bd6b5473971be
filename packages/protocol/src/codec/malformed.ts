// Why batch data is malformed (docs/protocol.md §6.3, §6.4). Malformed data is not an exception: the
// readers return a `Malformed` value and the state transition halts the batch's decoding there.

export type MalformedReason =
  /** A field runs past the end of the data. */
  | "past-end"
  /** The first byte of the batch is not BATCH_VERSION. */
  | "bad-version"
  /** A varuint whose first byte is 0xF9..0xFF. */
  | "varuint-bad-prefix"
  /** A varuint in a longer form than its value needs. */
  | "varuint-not-shortest"
  /** A compact whose first byte is not 0x00, 0x01..0x20 or 0x41..0x60. */
  | "compact-bad-header"
  /** A compact exponent outside 1..77. */
  | "compact-bad-exponent"
  /** A compact mantissa whose first byte is zero. */
  | "compact-leading-zero"
  /** A compact value >= 2^256. */
  | "compact-overflow"
  /** A block's declared base fee >= 2^128. */
  | "base-fee-too-large"
  /** A fee index escape (31) followed by an index below 31. */
  | "fee-index-not-shortest"
  /** A fee index >= dictCount. */
  | "fee-index-out-of-range"
  /** A fee entry whose txType is neither 0 nor 2. */
  | "fee-bad-type"
  /** A type-0 fee entry whose tip differs from its maxFee. */
  | "fee-legacy-tip-mismatch"
  /** A kind-3 record whose dataLength exceeds MAX_TX_DATA_BYTES. */
  | "data-too-long";

/**
 * The result of a read that found malformed data: why, and `at`, the offset of the field that is
 * malformed (for a fee entry: the offset of the entry; for data past the end: the field's start).
 */
export class Malformed {
  readonly reason: MalformedReason;
  readonly at: number;

  constructor(reason: MalformedReason, at: number) {
    this.reason = reason;
    this.at = at;
  }
}

export function isMalformed(value: unknown): value is Malformed {
  return value instanceof Malformed;
}
