// @halcyon/sequencer: JSON-RPC, mempool, block production, the PostgreSQL store, and the L1 side (follower,
// batcher, submitter, defender). sequencer/README.md describes the design; docs/protocol.md is the protocol.

export type { BatchableBlock } from "./batcher/batchableBlock.ts";
export {
  BatchBuilder,
  BatchBuilderError,
  type BatchLimits,
  DEFAULT_BATCH_LIMITS,
} from "./batcher/batchBuilder.ts";
export { Batcher, type BatcherOptions } from "./batcher/batcher.ts";
export { ChainEvents } from "./chain/chainEvents.ts";
export { type BlockWithTransactions, ChainReader } from "./chain/chainReader.ts";
export { ChainState, type StateTag } from "./chain/chainState.ts";
export { genesisHeader } from "./chain/genesis.ts";
export { logsBloomOf } from "./chain/logsBloom.ts";
export type * from "./chain/sealedBlock.ts";
export { BLOCK_GAS_LIMIT } from "./chain/sealedBlock.ts";
export { loadSequencerConfig, SEQUENCER_CONFIG, type SequencerConfig } from "./config.ts";
export { BatchReplay } from "./defender/batchReplay.ts";
export { Defender, type DefenderJob, type DefenderOptions } from "./defender/defender.ts";
export { L1ServiceError, type Severity } from "./l1/errors.ts";
export { L1Follower, type L1FollowerOptions, type L1FollowerStatus } from "./l1/l1Follower.ts";
export { type L1Connection, type OpenL1Options, openL1 } from "./l1/openL1.ts";
export { type L1Services, type L1ServicesOptions, startL1Services } from "./l1/startL1Services.ts";
export { createL1TokenMetadataSource } from "./l1/tokenMetadata.ts";
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
export type { BatchStatus, StoredBatch } from "./store/batchTable.ts";
export { ChainStoreError, loadStateAfterBlock } from "./store/chainStore.ts";
export { SEQUENCER_MIGRATIONS } from "./store/migrations.ts";
export { type BatchJob, BatchSubmitter, type BatchSubmitterOptions } from "./submitter/batchSubmitter.ts";
export { FinalityTracker } from "./submitter/finalityTracker.ts";
export { L1Sender, type SentTransaction } from "./submitter/l1Sender.ts";
export { ensureProposerBond } from "./submitter/proposerBond.ts";
