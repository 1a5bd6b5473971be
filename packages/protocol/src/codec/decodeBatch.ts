import { readBatchHeader, readBlockHeader, readTxRecord } from "./batchReader.ts";
import { Malformed, type MalformedReason } from "./malformed.ts";
import type { BatchHeader, BlockHeader, TxRecord } from "./types.ts";

export type DecodedBlock = {
  /** Offset of the block header. */
  readonly offset: number;
  readonly header: BlockHeader;
  /** The batch timestamp plus the running sum of deltas up to this block. */
  readonly timestamp: bigint;
  /** The block's records; fewer than header.txCount if decoding halted inside the block. */
  readonly txs: TxRecord[];
};

/**
 * Where decoding stopped: "ended" at the data end (between blocks), or "halted" at `offset`, the start
 * of the unit the machine failed to read (0 for the batch header, else a block header or a record),
 * with the reason and the offset `at` of the faulty field.
 */
export type DecodeStop =
  | { readonly status: "ended"; readonly offset: number }
  | {
      readonly status: "halted";
      readonly offset: number;
      readonly reason: MalformedReason;
      readonly at: number;
    };

export type DecodedBatch = {
  /** null if the batch header itself is malformed. */
  readonly header: BatchHeader | null;
  readonly blocks: DecodedBlock[];
  readonly stop: DecodeStop;
};

function halted(offset: number, fault: Malformed): DecodeStop {
  return { status: "halted", offset, reason: fault.reason, at: fault.at };
}

/**
 * Walks the whole batch data in the order of the decoding machine (docs/protocol.md §6.4) and returns
 * its longest well-formed prefix: the header, the blocks and their records, and where and why decoding
 * stopped. Address references are left unresolved (that needs the state), and queue counts are as
 * declared (the machine caps them by the batch's queueLimit). Never throws on any byte string.
 */
export function decodeBatch(data: Uint8Array): DecodedBatch {
  const header = readBatchHeader(data);
  const blocks: DecodedBlock[] = [];
  if (header instanceof Malformed) return { header: null, blocks, stop: halted(0, header) };
  let offset = header.next;
  let timestamp = header.timestamp;
  for (;;) {
    if (offset === data.length) return { header, blocks, stop: { status: "ended", offset } };
    const blockHeader = readBlockHeader(data, offset);
    if (blockHeader instanceof Malformed) return { header, blocks, stop: halted(offset, blockHeader) };
    timestamp += blockHeader.timestampDelta;
    const block: DecodedBlock = { offset, header: blockHeader, timestamp, txs: [] };
    blocks.push(block);
    offset = blockHeader.next;
    // Each record takes at least 66 bytes, so this ends at the data end whatever txCount says.
    for (let left = blockHeader.txCount; left > 0n; left--) {
      const record = readTxRecord(data, offset, header.dictCount);
      if (record instanceof Malformed) return { header, blocks, stop: halted(offset, record) };
      block.txs.push(record);
      offset = record.next;
    }
  }
}
