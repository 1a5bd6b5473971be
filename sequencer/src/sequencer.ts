import { type Database, type Logger, type Metrics, migrate } from "@halcyon/node-common";
import {
  type Address,
  type ChainConfig,
  createSenderRecoveryPool,
  decodeTransaction,
  type Hex,
  type SenderRecoveryPool,
  TransactionDecodeError,
} from "@halcyon/protocol";
import { ChainEvents } from "./chain/chainEvents.ts";
import { ChainReader } from "./chain/chainReader.ts";
import { ChainState } from "./chain/chainState.ts";
import { RecentBlocks } from "./chain/recentBlocks.ts";
import type { BlockWrites, SealedBlock } from "./chain/sealedBlock.ts";
import { censoringIntake } from "./faults/censorship.ts";
import type { GameClockSource } from "./l1/gameClocks.ts";
import type { L1FollowerStatus } from "./l1/l1Follower.ts";
import { TransactionRefusedError } from "./mempool/errors.ts";
import { Mempool, type MempoolLimits } from "./mempool/mempool.ts";
import { TransactionIntake } from "./mempool/transactionIntake.ts";
import { type BaseFeePolicy, constantBaseFee } from "./producer/baseFeePolicy.ts";
import { BlockProducer, type BlockProductionHaltedError } from "./producer/blockProducer.ts";
import type { QueueEntrySource } from "./producer/queueEntrySource.ts";
import {
  DEFAULT_RPC_LIMITS,
  type FinalityView,
  GENESIS_FINALITY,
  type RpcContext,
  type RpcLimits,
  type RpcMethod,
  type TokenMetadataSource,
} from "./rpc/context.ts";
import { RpcDispatcher } from "./rpc/dispatcher.ts";
import { FilterRegistry } from "./rpc/filters.ts";
import { RPC_METHODS } from "./rpc/methods/index.ts";
import { type RpcServer, startRpcServer } from "./rpc/server.ts";
import { AddressIndex } from "./store/addressIndex.ts";
import { readHeaderByNumber } from "./store/blockReader.ts";
import { writeBlock } from "./store/blockWriter.ts";
import { leafAfterBlock, openChain } from "./store/chainStore.ts";
import {
  deleteMempoolTransactions,
  insertMempoolTransactions,
  loadMempoolTransactions,
} from "./store/mempoolTable.ts";
import { SEQUENCER_MIGRATIONS } from "./store/migrations.ts";

export const CLIENT_VERSION = "halcyon-sequencer/0.1.0";

export type SequencerOptions = {
  /** An open database; the sequencer migrates it but does not close it. */
  readonly db: Database;
  readonly chainConfig: ChainConfig;
  readonly logger: Logger;
  /** Where L1 queue entries come from (the L1 follower, or an in-memory queue). */
  readonly queue: QueueEntrySource;
  /** Serve JSON-RPC here; no server without it (a library user can drive the parts directly). */
  readonly rpc?: {
    readonly host: string;
    readonly port: number;
    readonly maxBodyBytes?: number;
    readonly corsOrigin?: string;
  };
  /** Default 200 ms. */
  readonly blockTimeMs?: number;
  /** Default 4,095 (what a batch can hold also caps a block). */
  readonly maxTransactionsPerBlock?: number;
  /** Default 256. */
  readonly maxQueueEntriesPerBlock?: number;
  readonly produceEmptyBlocks?: boolean;
  /**
   * Follow a block that holds something with one more, empty if nothing arrives, so that clients
   * watching for new blocks see one after their transaction's (default true; some tests count blocks).
   */
  readonly trailingBlock?: boolean;
  /** Produce blocks on a timer (default true); tests may call produceBlock() themselves instead. */
  readonly autoProduce?: boolean;
  readonly mempoolLimits?: Partial<MempoolLimits>;
  /** Default: the constant MIN_BASE_FEE policy. */
  readonly baseFee?: BaseFeePolicy;
  /** eth_maxPriorityFeePerGas; default 0 (blocks are not full; tips only order a block). */
  readonly suggestedTip?: bigint;
  /** Sender-recovery worker threads (default 2). */
  readonly recoveryThreads?: number;
  /** Group commit window of eth_sendRawTransaction (default 2 ms). */
  readonly groupWindowMs?: number;
  readonly rpcLimits?: Partial<RpcLimits>;
  readonly tokenMetadata?: TokenMetadataSource;
  readonly finality?: FinalityView;
  /** Called if block production halts (the caller should stop the process). */
  readonly onHalt?: (error: BlockProductionHaltedError) => void;
  /** Where the sequencer's metrics go (and GET /metrics serves them); none without it. */
  readonly metrics?: Metrics;
  /** What the L1 follower has seen, for rollup_getStatus (without L1: none). */
  readonly l1Status?: () => L1FollowerStatus;
  /** The games' clocks on L1, for rollup_getGames (without L1: none). */
  readonly gameClocks?: GameClockSource;
  /** Methods served besides RPC_METHODS (the test-only fault mode's). */
  readonly extraMethods?: readonly RpcMethod[];
  /** Test-only fault mode: senders whose transactions the door refuses. */
  readonly censors?: (sender: Address) => boolean;
};

export type Sequencer = {
  readonly chain: ChainState;
  readonly mempool: Mempool;
  readonly events: ChainEvents;
  readonly reader: ChainReader;
  readonly rpc: RpcServer | undefined;
  readonly context: RpcContext;
  /** Submits a raw transaction as eth_sendRawTransaction does. */
  submit(raw: Uint8Array): ReturnType<TransactionIntake["submit"]>;
  /** Produces one block now (after any in progress). */
  produceBlock(): Promise<SealedBlock | undefined>;
  /**
   * Graceful stop: refuses new transactions, answers those in flight, finishes the block in
   * progress, closes the RPC server and the workers. The database stays open (the caller's).
   */
  close(): Promise<void>;
  /**
   * Stops at once, as a crash would, without waiting for anything in flight (for tests of restart
   * after a crash: the store must be consistent whatever was cut short).
   */
  abort(): Promise<void>;
};

/** The block producer's metrics: head, transactions, block time, mempool size. Returns the per-block hook. */
function blockMetrics(metrics: Metrics, mempool: Mempool): (block: SealedBlock) => void {
  const head = metrics.gauge("l2_head_block", { help: "number of the last persisted L2 block" });
  const txs = metrics.counter("l2_transactions_total", { help: "transactions included in L2 blocks" });
  const entries = metrics.counter("l2_queue_entries_total", { help: "L1 queue entries applied on L2" });
  const blockTime = metrics.histogram("l2_block_interval_seconds", {
    help: "time between consecutive persisted L2 blocks",
    buckets: [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.5, 1, 2, 5, 10],
  });
  const pool = metrics.gauge("mempool_transactions", { help: "transactions in the mempool" });
  let last: number | undefined;
  return (block) => {
    const now = performance.now();
    if (last !== undefined) blockTime.observe((now - last) / 1000);
    last = now;
    head.set(Number(block.header.number));
    txs.inc(block.transactions.length);
    entries.inc(block.queueEntries.length);
    pool.set(mempool.size);
  };
}

/** Re-admits the mempool table after a restart, in (sender, nonce) order; drops what no longer fits. */
async function reloadMempool(
  db: Database,
  chain: ChainState,
  mempool: Mempool,
  logger: Logger,
): Promise<{ kept: number; dropped: number }> {
  const rows = await loadMempoolTransactions(db);
  const dropped: Hex[] = [];
  for (const row of rows) {
    try {
      const tx = decodeTransaction(row.raw, chain.config.chainId);
      mempool.admit(
        { tx, raw: row.raw, sender: row.sender, durable: true },
        chain.account(row.sender, "pending"),
      );
    } catch (error) {
      if (!(error instanceof TransactionRefusedError || error instanceof TransactionDecodeError)) throw error;
      logger.info(
        { hash: row.hash, reason: error.message },
        "dropped a stored mempool transaction on restart",
      );
      dropped.push(row.hash);
    }
  }
  await deleteMempoolTransactions(db, dropped);
  return { kept: rows.length - dropped.length, dropped: dropped.length };
}

/**
 * Opens the chain in `db` (writing genesis into an empty store, or rebuilding and checking the state
 * on restart), reloads the mempool, and starts block production and the RPC server.
 */
export async function startSequencer(options: SequencerOptions): Promise<Sequencer> {
  const { db, logger } = options;
  const config = options.chainConfig;
  await migrate(db, SEQUENCER_MIGRATIONS, { logger });
  const opened = await openChain(db, config);
  logger.info(
    {
      head: opened.head.number.toString(),
      stateRoot: opened.head.stateRoot,
      leaves: opened.leaves,
      created: opened.created,
    },
    opened.created ? "wrote genesis" : "restored the chain from the store",
  );

  const chain = new ChainState(config, opened.state, opened.head);
  const mempool = new Mempool(options.mempoolLimits);
  const reloaded = await reloadMempool(db, chain, mempool, logger);
  if (reloaded.kept + reloaded.dropped > 0) logger.info(reloaded, "reloaded the mempool");

  const events = new ChainEvents();
  const recent = new RecentBlocks();
  const reader = new ChainReader(db, chain, recent);
  const baseFee = options.baseFee ?? constantBaseFee();
  const threads = options.recoveryThreads ?? 2;
  let recovery: SenderRecoveryPool | undefined = createSenderRecoveryPool({ threads });
  // Wait until every worker has loaded its modules: terminating a worker while its module graph is
  // still evaluating (top-level await) crashes V8 ("Check failed: (location_) != nullptr"), which a
  // quick start-and-stop would otherwise hit now and then. 16 per thread: the pool's smallest slice.
  await recovery.recoverRaw(
    Array.from({ length: 16 * threads }, () => Uint8Array.of(0)),
    config.chainId,
  );

  const intake = new TransactionIntake({
    chainId: config.chainId,
    mempool,
    recovery,
    accountOf: (address) => chain.account(address, "pending"),
    persist: (added, removed) =>
      insertMempoolTransactions(
        db,
        added.map((t) => ({ hash: t.hash, sender: t.sender, nonce: t.tx.nonce, raw: t.raw })),
        removed,
      ),
    logger,
    groupWindowMs: options.groupWindowMs ?? 2,
    onAdmitted: (txs) => events.emitPending(txs),
  });

  /** Persists a block; a retry after an ambiguous failure (a commit whose answer was lost) is a no-op. */
  async function persistBlock(writes: BlockWrites): Promise<void> {
    const existing = await readHeaderByNumber(db, writes.block.header.number).catch(() => undefined);
    if (existing?.hash === writes.block.header.hash) return;
    await writeBlock(db, writes);
  }

  const sealedMetrics = options.metrics === undefined ? undefined : blockMetrics(options.metrics, mempool);
  const producer = new BlockProducer({
    chain,
    mempool,
    queue: options.queue,
    baseFee,
    persistBlock,
    deleteFromMempool: (hashes) => deleteMempoolTransactions(db, hashes),
    blockTimeMs: options.blockTimeMs ?? 200,
    maxTransactionsPerBlock: options.maxTransactionsPerBlock ?? 4095,
    maxQueueEntriesPerBlock: options.maxQueueEntriesPerBlock ?? 256,
    produceEmptyBlocks: options.produceEmptyBlocks ?? false,
    trailingBlock: options.trailingBlock ?? true,
    logger,
    onSealed: (block) => {
      recent.add(block);
      sealedMetrics?.(block);
      events.emitBlock(block);
    },
    onHalt: (error) => {
      void intake.close();
      options.onHalt?.(error);
    },
  });

  const limits: RpcLimits = { ...DEFAULT_RPC_LIMITS, ...options.rpcLimits };
  const filters = new FilterRegistry({
    reader,
    events,
    timeoutMs: limits.filterTimeoutMs,
    maxBlockRange: limits.maxLogBlockRange,
    maxResults: limits.maxLogResults,
  });
  const context: RpcContext = {
    config,
    clientVersion: CLIENT_VERSION,
    chain,
    reader,
    mempool,
    intake: options.censors === undefined ? intake : censoringIntake(intake, config.chainId, options.censors),
    events,
    filters,
    baseFee,
    suggestedTip: options.suggestedTip ?? 0n,
    tokenMetadata: options.tokenMetadata,
    finality: options.finality ?? GENESIS_FINALITY,
    leafAfterBlock: (key, number) => leafAfterBlock(db, key, number),
    limits,
    logger,
    rollup: {
      db,
      l1Status: options.l1Status,
      gameClocks: options.gameClocks,
      addressIndex: new AddressIndex(db, config.chainId),
    },
  };
  const rpc =
    options.rpc === undefined
      ? undefined
      : await startRpcServer({
          host: options.rpc.host,
          port: options.rpc.port,
          dispatcher: new RpcDispatcher(context, [...RPC_METHODS, ...(options.extraMethods ?? [])]),
          context,
          logger,
          ...(options.rpc.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.rpc.maxBodyBytes }),
          ...(options.rpc.corsOrigin === undefined ? {} : { corsOrigin: options.rpc.corsOrigin }),
          ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
        });
  if (rpc !== undefined) logger.info({ url: rpc.url }, "JSON-RPC listening");
  if (options.autoProduce ?? true) producer.start();

  let closing: Promise<void> | undefined;
  return {
    chain,
    mempool,
    events,
    reader,
    rpc,
    context,
    submit: (raw) => intake.submit(raw),
    produceBlock: () => producer.produceBlock(),
    close() {
      closing ??= (async () => {
        await intake.close();
        logger.debug("stopping: the intake answered everything in flight");
        await producer.stop();
        logger.debug("stopping: the last block is persisted");
        filters.close();
        await rpc?.close();
        logger.debug("stopping: the RPC server is closed");
        await recovery?.close();
        recovery = undefined;
        logger.info({ head: chain.head.number.toString() }, "sequencer stopped");
      })();
      return closing;
    },
    abort() {
      closing ??= (async () => {
        intake.abort();
        void producer.stop();
        filters.close();
        await rpc?.close();
        void recovery?.close();
        recovery = undefined;
      })();
      return closing;
    },
  };
}
