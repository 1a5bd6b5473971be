// The batch codec (docs/protocol.md §6): integer formats, the encoder, the readers of the decoding
// machine, and the data commitment.

export {
  BatchEncoder,
  type BatchInput,
  createBatchEncoder,
  type EncodableBlock,
  encodeBatch,
} from "./batchEncoder.ts";
export {
  BATCH_HEADER_BYTES,
  FEE_ENTRY_BYTES,
  FEE_INDEX_ESCAPE,
  readBatchHeader,
  readBlockHeader,
  readFeeEntry,
  readTxRecord,
  txRecordToFields,
} from "./batchReader.ts";
export { ByteWriter } from "./byteWriter.ts";
export { COMPACT_MAX_EXPONENT, compactLength, readCompact, writeCompact } from "./compact.ts";
export { ByteCursor, createCursor } from "./cursor.ts";
export {
  chunkCount,
  chunkLeaves,
  chunkLength,
  chunkProof,
  chunkRootFromProof,
  computeChunkRoot,
  computeDataRoot,
  DATA_TREE_LEAVES,
  dataRootFromChunkRoot,
  verifyChunk,
} from "./dataCommitment.ts";
export { type DecodedBatch, type DecodedBlock, type DecodeStop, decodeBatch } from "./decodeBatch.ts";
export {
  BatchTooLargeError,
  CodecArgumentError,
  EncoderStateError,
  FeeDictionaryFullError,
  UnencodableBlockError,
  UnencodableTransactionError,
  ValueRangeError,
} from "./errors.ts";
export { isMalformed, Malformed, type MalformedReason } from "./malformed.ts";
export {
  parseTransferCalldata,
  TRANSFER_CALLDATA_BYTES,
  TRANSFER_SELECTOR,
  transferCalldata,
} from "./tokenTransfer.ts";
export {
  type EncodableTx,
  planTxRecord,
  type TxRecordPlan,
  txRecordKind,
  txRecordLength,
  writeTxRecord,
} from "./txRecordWriter.ts";
export * from "./types.ts";
export { MAX_VARUINT, readVaruint, readVaruintNumber, varuintLength, writeVaruint } from "./varuint.ts";
