// @halcyon/sequencer: JSON-RPC, mempool, block production and the PostgreSQL store. sequencer/README.md
// describes the design; docs/protocol.md is the protocol it follows.

export { ChainEvents } from "./chain/chainEvents.ts";
export { type BlockWithTransactions, ChainReader } from "./chain/chainReader.ts";
export { ChainState, type StateTag } from "./chain/chainState.ts";
export { genesisHeader } from "./chain/genesis.ts";
export { logsBloomOf } from "./chain/logsBloom.ts";
export type * from "./chain/sealedBlock.ts";
export { BLOCK_GAS_LIMIT } from "./chain/sealedBlock.ts";
export { loadSequencerConfig, SEQUENCER_CONFIG, type SequencerConfig } from "./config.ts";
export { type RefusalReason, TransactionRefusedError } from "./mempool/errors.ts";
export {
  DEFAULT_MEMPOOL_LIMITS,
  effectiveTip,
  Mempool,
  type MempoolLimits,
  type PoolTransaction,
} from "./mempool/mempool.ts";
export { type BaseFeePolicy, constantBaseFee } from "./producer/baseFeePolicy.ts";
export { BlockProducer, BlockProductionHaltedError } from "./producer/blockProducer.ts";
export { buildBlock, queueEntryPseudoHash } from "./producer/buildBlock.ts";
export {
  createMemoryQueueSource,
  type MemoryQueueSource,
  type QueueEntryInput,
  type QueueEntrySource,
} from "./producer/queueEntrySource.ts";
export {
  DEFAULT_RPC_LIMITS,
  type FinalityView,
  GENESIS_FINALITY,
  type RpcLimits,
  type TokenMetadata,
  type TokenMetadataSource,
} from "./rpc/context.ts";
export { RPC_ERROR, RpcError } from "./rpc/errors.ts";
export { CLIENT_VERSION, type Sequencer, type SequencerOptions, startSequencer } from "./sequencer.ts";
export { ChainStoreError, loadStateAfterBlock } from "./store/chainStore.ts";
export { SEQUENCER_MIGRATIONS } from "./store/migrations.ts";
