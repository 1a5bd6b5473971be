import {
  assertL1ChainId,
  createL1Clients,
  type Database,
  type Deployment,
  type L1PublicClient,
  type L1WalletClient,
  type Logger,
  type Metrics,
  readDeployment,
} from "@halcyon/node-common";
import type { ChainConfig, Hex } from "@halcyon/protocol";
import type { TokenMetadataSource } from "../rpc/context.ts";
import { FinalityTracker } from "../submitter/finalityTracker.ts";
import { L1Sender } from "../submitter/l1Sender.ts";
import { L1ServiceError } from "./errors.ts";
import { L1Follower } from "./l1Follower.ts";
import { createL1TokenMetadataSource } from "./tokenMetadata.ts";

export type OpenL1Options = {
  readonly deploymentPath: string;
  readonly rpcUrl: string;
  readonly privateKey: Hex;
  /** The L2 chain the sequencer runs: it must be the deployment's. */
  readonly chainConfig: ChainConfig;
  readonly confirmations: number;
  readonly pollIntervalMs: number;
  readonly logRange: number;
  readonly stuckAfterMs: number;
  readonly maxFeePerGas?: bigint | undefined;
  /** Call Rollup.finalizeBatches when a posted batch's window has passed. */
  readonly finalizeBatches: boolean;
  /** The L2 head's number (metrics). */
  readonly head: () => bigint;
  /** Migrated with the sequencer's migrations. */
  readonly db: Database;
  readonly logger: Logger;
  readonly metrics?: Metrics;
};

/**
 * The sequencer's connection to L1: the deployment, its clients, the follower, token metadata, the one
 * sender of its L1 transactions, and the finality tracker (which the RPC's block tags read).
 */
export type L1Connection = {
  readonly deployment: Deployment;
  readonly publicClient: L1PublicClient;
  readonly walletClient: L1WalletClient;
  readonly follower: L1Follower;
  readonly tokenMetadata: TokenMetadataSource;
  readonly sender: L1Sender;
  readonly finality: FinalityTracker;
};

/**
 * Reads the deployment file, connects to L1 and checks that everything agrees before anything runs:
 * the L1 node's chain id, the L2 chain id and fee vault, and that the key is the deployment's sequencer
 * (the Rollup refuses batches from anyone else until its inactivity period). Then loads the follower
 * and the finality tracker from the store (neither is started yet).
 */
export async function openL1(options: OpenL1Options): Promise<L1Connection> {
  const deployment = await readDeployment(options.deploymentPath);
  const p = deployment.parameters;
  const mismatch = (what: string, ours: unknown, theirs: unknown) =>
    new L1ServiceError("critical", `the sequencer's ${what} is ${ours}, the deployment's ${theirs}`);
  if (p.l2ChainId !== options.chainConfig.chainId)
    throw mismatch("L2 chain id", options.chainConfig.chainId, p.l2ChainId);
  if (p.feeVault.toLowerCase() !== options.chainConfig.feeVault) {
    throw mismatch("fee vault", options.chainConfig.feeVault, p.feeVault);
  }
  const { publicClient, walletClient } = createL1Clients({
    rpcUrl: options.rpcUrl,
    chainId: deployment.l1ChainId,
    privateKey: options.privateKey,
    pollingIntervalMs: options.pollIntervalMs,
  });
  await assertL1ChainId(publicClient, deployment.l1ChainId);
  if (walletClient.account.address.toLowerCase() !== p.sequencer.toLowerCase()) {
    throw mismatch("L1 account", walletClient.account.address, p.sequencer);
  }
  const follower = new L1Follower({
    db: options.db,
    publicClient,
    bridge: deployment.addresses.bridge,
    rollup: deployment.addresses.rollup,
    deployBlock: deployment.deployBlock,
    l2ChainId: p.l2ChainId,
    confirmations: options.confirmations,
    maxLogRange: options.logRange,
    pollIntervalMs: options.pollIntervalMs,
    logger: options.logger.child({ part: "l1-follower" }),
    ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
  });
  await follower.load();
  const tokenMetadata = createL1TokenMetadataSource({ publicClient, logger: options.logger });
  const sender = new L1Sender({
    db: options.db,
    publicClient,
    walletClient,
    logger: options.logger.child({ part: "l1-sender" }),
    ...(options.maxFeePerGas === undefined ? {} : { maxFeePerGas: options.maxFeePerGas }),
  });
  const finality = new FinalityTracker({
    db: options.db,
    publicClient,
    deployment,
    ...(options.finalizeBatches ? { sender } : {}),
    pollIntervalMs: options.pollIntervalMs,
    stuckAfterMs: options.stuckAfterMs,
    head: options.head,
    logger: options.logger.child({ part: "finality" }),
    ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
  });
  await finality.load();
  options.logger.info(
    {
      l1ChainId: deployment.l1ChainId,
      rollup: deployment.addresses.rollup,
      bridge: deployment.addresses.bridge,
      sequencer: p.sequencer,
      followedBlock: follower.status.followedBlock?.toString() ?? null,
    },
    "connected to L1",
  );
  return { deployment, publicClient, walletClient, follower, tokenMetadata, sender, finality };
}
