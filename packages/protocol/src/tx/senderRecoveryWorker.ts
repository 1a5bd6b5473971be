import { parentPort } from "node:worker_threads";
import { decodeTransaction } from "./decodeTransaction.ts";
import { recoverAddressBytes, writeSignatureWords } from "./recoverSender.ts";
import {
  type RawRecoveryRequest,
  RESULT_BYTES,
  type RecoveryRequest,
  type RecoveryResponse,
  SIGNED_RECORD_BYTES,
  type SignedRecoveryRequest,
  STATUS_OK,
  STATUS_UNDECODABLE,
  STATUS_UNRECOVERABLE,
} from "./senderRecoveryMessages.ts";
import { signingHash } from "./signingHash.ts";

// Worker entry of the sender recovery pool (senderRecoveryPool.ts); messages in
// senderRecoveryMessages.ts.

function writeResult(results: Uint8Array, i: number, address: Uint8Array | null): void {
  if (address === null) {
    results[i * RESULT_BYTES] = STATUS_UNRECOVERABLE;
    return;
  }
  results[i * RESULT_BYTES] = STATUS_OK;
  results.set(address, i * RESULT_BYTES + 1);
}

function recoverRaw(request: RawRecoveryRequest): Uint8Array<ArrayBuffer> {
  const { bytes, offsets, chainId } = request;
  const count = offsets.length - 1;
  const results = new Uint8Array(count * RESULT_BYTES);
  const signature = new Uint8Array(64);
  for (let i = 0; i < count; i++) {
    let tx: ReturnType<typeof decodeTransaction>;
    try {
      tx = decodeTransaction(bytes.subarray(offsets[i]!, offsets[i + 1]!), chainId);
    } catch {
      results[i * RESULT_BYTES] = STATUS_UNDECODABLE;
      continue;
    }
    writeSignatureWords(signature, 0, tx.r, tx.s);
    writeResult(results, i, recoverAddressBytes(signingHash(tx), tx.yParity, signature));
  }
  return results;
}

function recoverSigned(request: SignedRecoveryRequest): Uint8Array<ArrayBuffer> {
  const { records } = request;
  const count = records.length / SIGNED_RECORD_BYTES;
  const results = new Uint8Array(count * RESULT_BYTES);
  for (let i = 0; i < count; i++) {
    const at = i * SIGNED_RECORD_BYTES;
    const hash = records.subarray(at, at + 32);
    const signature = records.subarray(at + 32, at + 96);
    writeResult(results, i, recoverAddressBytes(hash, records[at + 96]!, signature));
  }
  return results;
}

const port = parentPort;
if (port !== null) {
  port.on("message", (request: RecoveryRequest) => {
    let response: RecoveryResponse;
    try {
      const results = request.kind === "raw" ? recoverRaw(request) : recoverSigned(request);
      port.postMessage({ id: request.id, results } satisfies RecoveryResponse, [results.buffer]);
      return;
    } catch (error) {
      response = { id: request.id, error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(response);
  });
}
