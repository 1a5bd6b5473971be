import { DEVNET_L2_CHAIN_ID, L2_BRIDGE_ADDRESS } from "@halcyon/protocol";
import { defineChain } from "viem";

/**
 * The local devnet's L2 (chain id DEVNET_L2_CHAIN_ID, the sequencer on 127.0.0.1:8547). Its L1 addresses
 * depend on the deployment: for L1 actions pass the devnet's deployment file, or build the chain with
 * defineHalcyonChain(deployment, { rpcUrl }) to have them in `contracts`.
 *
 * @example
 * const l2Public = createPublicClient({ chain: halcyonDevnet, transport: http() });
 * console.log(await l2Public.getBlockNumber());
 */
export const halcyonDevnet = defineChain({
  id: Number(DEVNET_L2_CHAIN_ID),
  name: "Halcyon Devnet",
  nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
  rpcUrls: { default: { http: ["http://127.0.0.1:8547"] } },
  contracts: { l2Bridge: { address: L2_BRIDGE_ADDRESS } },
  testnet: true,
});
