import { bytesToHex, GENESIS_HEADER, type Hex, MIN_BASE_FEE, stateRootOf } from "@halcyon/protocol";
import { blockHashOf, transactionsHashOf } from "./blockHash.ts";
import { receiptsRootOf } from "./receiptsRoot.ts";
import { BLOCK_HEADER_BYTES, type BlockHeader } from "./sealedBlock.ts";

const ZERO_HASH: Hex = `0x${"00".repeat(32)}`;

/**
 * Block 0: empty, on the genesis state. docs/protocol.md §7 fixes its number and emptiness; the
 * other fields are this choice (to be pinned in the spec): parent hash ZERO, timestamp 0, base fee
 * MIN_BASE_FEE, no queue entries.
 */
export function genesisHeader(): BlockHeader {
  const fields = {
    number: 0n,
    parentHash: ZERO_HASH,
    timestamp: 0n,
    baseFee: MIN_BASE_FEE,
    stateRoot: bytesToHex(stateRootOf(GENESIS_HEADER)),
    transactionsHash: transactionsHashOf([]),
    queueStart: 0n,
    queueCount: 0n,
  };
  return {
    ...fields,
    hash: blockHashOf(fields),
    receiptsRoot: receiptsRootOf([]),
    txCount: 0,
    gasUsed: 0n,
    logsBloom: bytesToHex(new Uint8Array(256)),
    size: BLOCK_HEADER_BYTES,
    state: GENESIS_HEADER,
  };
}
