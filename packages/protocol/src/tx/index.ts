// Transactions: strict RLP, decoding and checking raw signed transactions, rebuilding envelopes and
// signing hashes from fields, sender recovery, and the worker pool that recovers a block's senders.
// (testing.ts is a test helper and senderRecoveryWorker.ts a worker entry: neither is exported.)

export {
  decodeTransaction,
  TransactionDecodeError,
  type TransactionDecodeReason,
} from "./decodeTransaction.ts";
export { nativeSecp256k1, recoverAddress, recoverSender } from "./recoverSender.ts";
export {
  checkRlp,
  createRlpSpan,
  decodeRlp,
  decodeRlpInteger,
  encodeRlp,
  RlpError,
  type RlpErrorReason,
  type RlpInput,
  type RlpItem,
  type RlpSpan,
  readRlpSpan,
  readRlpUint,
  rlpBytesLength,
  rlpHeaderLength,
  rlpUintLength,
  uintByteLength,
  writeRlpBytes,
  writeRlpListHeader,
  writeRlpUint,
} from "./rlp.ts";
export {
  createSenderRecoveryPool,
  type RawRecoveryResult,
  type SenderRecoveryErrorReason,
  type SenderRecoveryPool,
  SenderRecoveryPoolError,
  type SenderRecoveryPoolErrorReason,
  type SenderRecoveryPoolOptions,
} from "./senderRecoveryPool.ts";
export {
  encodeSignedTransaction,
  encodeSigningPayload,
  signingHash,
  TransactionEncodeError,
} from "./signingHash.ts";
export {
  SECP256K1_HALF_N,
  SECP256K1_N,
  type SignedTransaction,
  type TransactionFields,
  type TransactionSignature,
  type TransactionType,
} from "./transaction.ts";
