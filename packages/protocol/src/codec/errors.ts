import { BaseError } from "../errors.ts";

// Errors of the batch codec's writing side. The reading side never throws on data: it reports a
// `Malformed` value instead (malformed.ts), because malformed batch data is a defined protocol case.

/** A number given to the varuint or compact writer is outside the range that format holds. */
export class ValueRangeError extends BaseError {
  override name = "ValueRangeError";
}

/** A transaction cannot be written into batch data (a field outside the range the encoding holds). */
export class UnencodableTransactionError extends BaseError {
  override name = "UnencodableTransactionError";
}

/** A block given to the encoder cannot be written (timestamp order, base fee or count out of range). */
export class UnencodableBlockError extends BaseError {
  override name = "UnencodableBlockError";
}

/** The batch's fee dictionary already holds MAX_FEE_DICT_ENTRIES entries and the transaction needs a new one. */
export class FeeDictionaryFullError extends BaseError {
  override name = "FeeDictionaryFullError";
}

/** Batch data longer than MAX_BATCH_BYTES. */
export class BatchTooLargeError extends BaseError {
  override name = "BatchTooLargeError";
}

/** The encoder was used out of order (a transaction before any block). */
export class EncoderStateError extends BaseError {
  override name = "EncoderStateError";
}

/** A chunk index outside the data-commitment tree, or a transaction record missing what a call needs. */
export class CodecArgumentError extends BaseError {
  override name = "CodecArgumentError";
}
