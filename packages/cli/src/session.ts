import { DEVNET_L2_CHAIN_ID } from "@halcyon/protocol";
import { defineHalcyonChain } from "@halcyon/sdk";
import {
  type Account,
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  type Hex,
  http,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { type Deployment, readDeployment } from "../../node-common/src/l1/deployment.ts";
import { CliError } from "./errors.ts";
import type { GlobalOptions } from "./globalFlags.ts";
import type { Output } from "./output.ts";

// What every command shares: the endpoints, the deployment file and the signing key, resolved once from
// flags, then the environment, then the defaults; and the viem clients built from them, on demand, so a
// command that needs only the L2 never touches L1 or the deployment file.

/** Hardhat's development account #0 (the well-known test mnemonic): the devnet's default signer only. */
export const DEVNET_DEFAULT_KEY: Hex = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
/** Hardhat's chain id: the L1 of a devnet. */
export const HARDHAT_CHAIN_ID = 31337;

type L1Public = PublicClient<Transport, Chain>;
type L2Public = PublicClient<Transport, Chain>;
type Wallet = WalletClient<Transport, Chain, Account>;

/** The clients and files of one command run. */
export class Session {
  readonly options: GlobalOptions;
  readonly out: Output;
  #deployment: Promise<Deployment> | undefined;
  #l2Chain: Promise<Chain> | undefined;
  #account: Account | undefined;

  constructor(options: GlobalOptions, out: Output) {
    this.options = options;
    this.out = out;
  }

  /** The deployment file, read once; CliError naming the flag when it cannot be read. */
  deployment(): Promise<Deployment> {
    this.#deployment ??= readDeployment(this.options.deploymentPath).catch((cause: unknown) => {
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new CliError(
        `cannot use the deployment file (--deployment or HALCYON_DEPLOYMENT): ${reason}; is a devnet running (halcyon devnet)?`,
        { cause },
      );
    });
    return this.#deployment;
  }

  async l1Public(): Promise<L1Public> {
    const chain = await this.#l1Chain();
    return createPublicClient({
      chain,
      transport: this.#transport(this.options.l1Rpc),
      pollingInterval: 250,
    });
  }

  async l1Wallet(): Promise<Wallet> {
    const deployment = await this.deployment();
    const account = this.#signer(isDevnet(BigInt(deployment.parameters.l2ChainId), deployment.l1ChainId));
    return createWalletClient({
      account,
      chain: await this.#l1Chain(),
      transport: this.#transport(this.options.l1Rpc),
      pollingInterval: 250,
    });
  }

  async l2Public(): Promise<L2Public> {
    return createPublicClient({
      chain: await this.l2Chain(),
      transport: this.#transport(this.options.l2Rpc),
      pollingInterval: 250,
    });
  }

  async l2Wallet(): Promise<Wallet> {
    const chain = await this.l2Chain();
    return createWalletClient({
      account: this.#signer(isDevnet(BigInt(chain.id))),
      chain,
      transport: this.#transport(this.options.l2Rpc),
      pollingInterval: 250,
    });
  }

  /** The L2 chain, from the sequencer's eth_chainId (the L2 commands need no deployment file). */
  l2Chain(): Promise<Chain> {
    this.#l2Chain ??= (async () => {
      const probe = createPublicClient({ transport: this.#transport(this.options.l2Rpc) });
      const id = await probe.getChainId();
      return defineChain({
        id,
        name: id === Number(DEVNET_L2_CHAIN_ID) ? "Halcyon Devnet" : `Halcyon ${id}`,
        nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
        rpcUrls: { default: { http: [this.options.l2Rpc] } },
      });
    })();
    return this.#l2Chain;
  }

  /** The L2 chain as the deployment file describes it (for commands that also act on L1). */
  async l2ChainOfDeployment(): Promise<Chain> {
    return defineHalcyonChain(await this.deployment(), { rpcUrl: this.options.l2Rpc });
  }

  async #l1Chain(): Promise<Chain> {
    const deployment = await this.deployment();
    return defineChain({
      id: deployment.l1ChainId,
      name: deployment.l1ChainId === HARDHAT_CHAIN_ID ? "Hardhat" : `L1 ${deployment.l1ChainId}`,
      nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
      rpcUrls: { default: { http: [this.options.l1Rpc] } },
    });
  }

  #transport(url: string) {
    // One quick retry: a CLI should say an endpoint is down within a second or two, not keep trying.
    return http(url, { retryCount: 1, retryDelay: 100, timeout: 30_000 });
  }

  /** The signing account: the given key, or on a devnet Hardhat's account #0 (said once, on stderr). */
  #signer(devnet: boolean): Account {
    if (this.#account !== undefined) return this.#account;
    const given = this.options.privateKey;
    if (given !== undefined) {
      this.#account = privateKeyToAccount(given.key);
    } else if (devnet) {
      this.#account = privateKeyToAccount(DEVNET_DEFAULT_KEY);
      this.out.note(
        `note: no --private-key or HALCYON_PRIVATE_KEY; this is a devnet, so signing with Hardhat's development account #0 (${this.#account.address})`,
      );
    } else {
      throw new CliError(
        "no signing key: pass --private-key <hex> or set HALCYON_PRIVATE_KEY (only a devnet has a default key)",
      );
    }
    return this.#account;
  }
}

/** A devnet: the devnet's L2 chain id, and (when known) Hardhat's L1 chain id. */
export function isDevnet(l2ChainId: bigint, l1ChainId?: number): boolean {
  return l2ChainId === DEVNET_L2_CHAIN_ID && (l1ChainId === undefined || l1ChainId === HARDHAT_CHAIN_ID);
}
