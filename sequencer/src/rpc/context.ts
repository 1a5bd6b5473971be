import type { Logger, Queryable } from "@halcyon/node-common";
import type { Address, ChainConfig } from "@halcyon/protocol";
import type { ChainEvents } from "../chain/chainEvents.ts";
import type { ChainReader } from "../chain/chainReader.ts";
import type { ChainState } from "../chain/chainState.ts";
import type { GameClockSource } from "../l1/gameClocks.ts";
import type { L1FollowerStatus } from "../l1/l1Follower.ts";
import type { Mempool, PoolTransaction } from "../mempool/mempool.ts";
import type { BaseFeePolicy } from "../producer/baseFeePolicy.ts";
import type { AddressIndex } from "../store/addressIndex.ts";
import type { FilterRegistry } from "./filters.ts";
import type { SubscriptionManager } from "./subscriptions.ts";

/** ERC-20 metadata of a bridged token, which lives on L1 (its L2 address is derived from the L1 one). */
export type TokenMetadata = { readonly name: string; readonly symbol: string; readonly decimals: number };

/**
 * Where eth_call gets decimals(), symbol() and name() of bridged tokens: read from the L1 token
 * (l1/tokenMetadata.ts). Without L1 those calls answer a clear error.
 */
export interface TokenMetadataSource {
  metadata(l1Token: Address): Promise<TokenMetadata | undefined>;
}

/**
 * Which blocks are "safe" (their batch is posted on L1) and "finalized" (their batch is final): the
 * submitter's FinalityTracker. Without L1 both are the genesis block.
 */
export interface FinalityView {
  safeBlock(): bigint;
  finalizedBlock(): bigint;
}

export const GENESIS_FINALITY: FinalityView = { safeBlock: () => 0n, finalizedBlock: () => 0n };

export type RpcLimits = {
  /** Widest block range of eth_getLogs (and of one filter poll). */
  readonly maxLogBlockRange: number;
  /** Most logs one eth_getLogs answers. */
  readonly maxLogResults: number;
  readonly maxFeeHistoryBlocks: number;
  /** eth_sendRawTransactionSync: default and largest wait for the receipt. */
  readonly syncTimeoutMs: number;
  readonly maxSyncTimeoutMs: number;
  /** Requests in one JSON-RPC batch. */
  readonly maxBatchSize: number;
  /** A filter not polled for this long is removed. */
  readonly filterTimeoutMs: number;
};

export const DEFAULT_RPC_LIMITS: RpcLimits = {
  maxLogBlockRange: 10_000,
  maxLogResults: 10_000,
  maxFeeHistoryBlocks: 1024,
  syncTimeoutMs: 2_000,
  maxSyncTimeoutMs: 10_000,
  maxBatchSize: 1_000,
  filterTimeoutMs: 5 * 60_000,
};

/** What the rollup_* methods read: the store (batches, withdrawals, games) and the L1 follower's view. */
export type RollupContext = {
  readonly db: Queryable;
  /** What the L1 follower has seen; undefined when the sequencer runs without L1. */
  readonly l1Status: (() => L1FollowerStatus) | undefined;
  /** The games' clocks on L1 (rollup_getGames); undefined without L1. */
  readonly gameClocks?: GameClockSource | undefined;
  /** Accounts' histories (rollup_getAddressTransactions). */
  readonly addressIndex?: AddressIndex | undefined;
};

/** Everything the RPC methods read and call. */
export type RpcContext = {
  readonly config: ChainConfig;
  readonly clientVersion: string;
  readonly chain: ChainState;
  readonly reader: ChainReader;
  readonly mempool: Mempool;
  readonly intake: { submit(raw: Uint8Array): Promise<PoolTransaction> };
  readonly events: ChainEvents;
  readonly filters: FilterRegistry;
  readonly baseFee: BaseFeePolicy;
  /** What eth_maxPriorityFeePerGas suggests. */
  readonly suggestedTip: bigint;
  readonly tokenMetadata: TokenMetadataSource | undefined;
  readonly finality: FinalityView;
  /** The value of a state leaf after an older block (store/chainStore.ts leafAfterBlock). */
  readonly leafAfterBlock: (
    key: Uint8Array,
    number: bigint,
  ) => Promise<{ found: false } | { found: true; value: Uint8Array | undefined }>;
  readonly limits: RpcLimits;
  readonly logger: Logger;
  readonly rollup: RollupContext;
};

/** The connection a request came on: subscriptions exist only on WebSocket connections. */
export type RpcConnection = { readonly subscriptions: SubscriptionManager | undefined };

export type RpcHandler = (params: unknown, ctx: RpcContext, connection: RpcConnection) => unknown;

/** One JSON-RPC method: a name and its handler (one file per method under rpc/methods/). */
export type RpcMethod = { readonly name: string; readonly handler: RpcHandler };
