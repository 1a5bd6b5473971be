import { bytesToHex, GENESIS_BLOCK, GENESIS_BLOCK_HASH, GENESIS_HEADER } from "@halcyon/protocol";
import { receiptsRootOf } from "./receiptsRoot.ts";
import { BLOCK_HEADER_BYTES, type BlockHeader } from "./sealedBlock.ts";

/** Block 0: the protocol's genesis block (docs/protocol.md §7), with what the RPC serves of it. */
export function genesisHeader(): BlockHeader {
  return {
    ...GENESIS_BLOCK,
    hash: GENESIS_BLOCK_HASH,
    receiptsRoot: receiptsRootOf([]),
    txCount: 0,
    gasUsed: 0n,
    logsBloom: bytesToHex(new Uint8Array(256)),
    size: BLOCK_HEADER_BYTES,
    state: GENESIS_HEADER,
  };
}
