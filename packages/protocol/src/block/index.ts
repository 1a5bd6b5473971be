// L2 blocks as every node rebuilds them (docs/protocol.md §7).

export {
  type BlockHashFields,
  blockHashOf,
  GENESIS_BLOCK,
  GENESIS_BLOCK_HASH,
  transactionsHashOf,
} from "./blockHash.ts";
