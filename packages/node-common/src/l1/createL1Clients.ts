import {
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  type Hex,
  type HttpTransport,
  http,
  type PrivateKeyAccount,
  type PublicClient,
  type WalletClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { BaseError } from "../errors.ts";

export class L1ClientError extends BaseError {
  override name = "L1ClientError";
}

export type L1ClientsOptions = {
  /** The L1 JSON-RPC endpoint over HTTP(S). */
  readonly rpcUrl: string;
  /**
   * Signs L1 transactions locally (the node never holds the key). Needs `chainId`, so that what is
   * signed is bound to the configured chain, not to whatever the RPC says. Without it, no wallet client.
   */
  readonly privateKey?: Hex | undefined;
  /** The L1 chain id (e.g. the deployment's l1ChainId): signed into transactions, checked by viem on send. */
  readonly chainId?: number | undefined;
  /** Per request. Default 10,000 ms. */
  readonly timeoutMs?: number | undefined;
  /** Retries of a failed request (timeouts, 429, 5xx, network errors). Default 3. */
  readonly retryCount?: number | undefined;
  /** First retry delay; it doubles for each further retry. Default 150 ms. */
  readonly retryDelayMs?: number | undefined;
  /** How often watchers and receipt waits poll. Default 1,000 ms. */
  readonly pollingIntervalMs?: number | undefined;
};

export type L1PublicClient<C extends Chain | undefined = Chain | undefined> = PublicClient<HttpTransport, C>;
export type L1WalletClient = WalletClient<HttpTransport, Chain, PrivateKeyAccount>;

export type L1Clients<C extends Chain | undefined = Chain | undefined> = {
  readonly chain: C;
  readonly publicClient: L1PublicClient<C>;
  readonly walletClient?: L1WalletClient;
};

/** A minimal viem chain for an L1 known only by its id (a devnet, a testnet, mainnet). */
export function l1Chain(chainId: number, rpcUrl: string): Chain {
  if (!Number.isSafeInteger(chainId) || chainId <= 0) throw new L1ClientError(`bad L1 chain id ${chainId}`);
  return defineChain({
    id: chainId,
    name: `L1 ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
}

/**
 * viem clients for L1 over HTTP, with a per-request timeout and retries with exponential backoff
 * (viem retries timeouts, HTTP 408/429/5xx, network errors and JSON-RPC internal/limit errors).
 * With a private key, also a wallet client that signs locally.
 */
export function createL1Clients(
  options: L1ClientsOptions & { chainId: number; privateKey: Hex },
): L1Clients<Chain> & { readonly walletClient: L1WalletClient };
export function createL1Clients(options: L1ClientsOptions & { chainId: number }): L1Clients<Chain>;
export function createL1Clients(options: L1ClientsOptions): L1Clients;
// The overloads above give each call its precise type (a chain id makes the clients' chain `Chain`).
export function createL1Clients(options: L1ClientsOptions): unknown {
  let url: URL;
  try {
    url = new URL(options.rpcUrl);
  } catch {
    throw new L1ClientError("the L1 RPC URL is not a URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new L1ClientError(`the L1 RPC URL must be http(s), got ${url.protocol}//`);
  }
  const transport = http(options.rpcUrl, {
    timeout: options.timeoutMs ?? 10_000,
    retryCount: options.retryCount ?? 3,
    retryDelay: options.retryDelayMs ?? 150,
  });
  const chain = options.chainId === undefined ? undefined : l1Chain(options.chainId, options.rpcUrl);
  const pollingInterval = options.pollingIntervalMs ?? 1_000;
  const publicClient = createPublicClient({ chain, transport, pollingInterval });
  if (options.privateKey === undefined) return { chain, publicClient };
  if (chain === undefined) throw new L1ClientError("a wallet client needs the L1 chain id (chainId)");
  let account: PrivateKeyAccount;
  try {
    account = privateKeyToAccount(options.privateKey);
  } catch (cause) {
    throw new L1ClientError("the L1 private key is not a valid secp256k1 key", { cause });
  }
  const walletClient = createWalletClient({ account, chain, transport, pollingInterval });
  return { chain, publicClient, walletClient };
}

/** Throws L1ClientError unless the node at the other end is on chain `expected` (e.g. the deployment's). */
export async function assertL1ChainId(publicClient: L1PublicClient, expected: number): Promise<void> {
  const actual = await publicClient.getChainId();
  if (actual !== expected) {
    throw new L1ClientError(`the L1 node is on chain ${actual}, expected ${expected}`, {
      details: { actual, expected },
    });
  }
}
