import { L2_BRIDGE_ADDRESS } from "@halcyon/protocol";
import { type Chain, defineChain } from "viem";
import { InvalidArgumentError } from "../errors.ts";
import type { Deployment } from "../types.ts";

export type DefineHalcyonChainOptions = {
  /** The L2 node's JSON-RPC endpoint (the sequencer's). */
  readonly rpcUrl: string;
  readonly name?: string;
  readonly blockExplorerUrl?: string;
};

/**
 * The viem Chain of the L2 described by a deployment file: its chain id, ETH as native currency, the RPC
 * endpoint, `sourceId` = the L1 chain id, and the L1 contracts in `contracts` keyed by the L1 chain id
 * (viem's convention for an L2's contracts on its L1), plus the L2 bridge address. Throws
 * InvalidArgumentError unless `rpcUrl` is an http(s) or ws(s) URL.
 *
 * @example
 * const deployment = await readDeployment(".halcyon/devnet/deployment.json");
 * const halcyon = defineHalcyonChain(deployment, { rpcUrl: "http://127.0.0.1:8547" });
 * const l2Public = createPublicClient({ chain: halcyon, transport: http() });
 */
export function defineHalcyonChain(deployment: Deployment, options: DefineHalcyonChainOptions): Chain {
  if (!/^(https?|wss?):\/\//.test(options.rpcUrl)) {
    throw new InvalidArgumentError("rpcUrl must be an http(s) or ws(s) URL", {
      details: { rpcUrl: options.rpcUrl },
    });
  }
  const id = Number(deployment.parameters.l2ChainId);
  const l1 = deployment.l1ChainId;
  const blockCreated = Number(deployment.deployBlock);
  const onL1 = (address: `0x${string}`) => ({ [l1]: { address, blockCreated } });
  const ws = options.rpcUrl.startsWith("ws");
  return defineChain({
    id,
    name: options.name ?? `Halcyon ${id}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: ws ? { http: [], webSocket: [options.rpcUrl] } : { http: [options.rpcUrl] } },
    ...(options.blockExplorerUrl === undefined
      ? {}
      : { blockExplorers: { default: { name: "Explorer", url: options.blockExplorerUrl } } }),
    sourceId: l1,
    contracts: {
      rollup: onL1(deployment.addresses.rollup),
      bridge: onL1(deployment.addresses.bridge),
      disputeGame: onL1(deployment.addresses.disputeGame),
      stepVerifier: onL1(deployment.addresses.stepVerifier),
      l2Bridge: { address: L2_BRIDGE_ADDRESS },
    },
  });
}
