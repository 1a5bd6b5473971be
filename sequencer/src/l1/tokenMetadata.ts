import type { L1PublicClient, Logger } from "@halcyon/node-common";
import type { Address } from "@halcyon/protocol";
import { erc20Abi } from "viem";
import type { TokenMetadata, TokenMetadataSource } from "../rpc/context.ts";

/**
 * decimals(), symbol() and name() of bridged tokens, read from their L1 contracts (an L2 token's
 * metadata is its L1 token's) and cached: a token's metadata does not change. A read that fails is
 * not cached (the next call tries again) and answers undefined (eth_call then reverts with a reason).
 */
export function createL1TokenMetadataSource(options: {
  readonly publicClient: L1PublicClient;
  readonly logger: Logger;
}): TokenMetadataSource {
  const cache = new Map<Address, Promise<TokenMetadata | undefined>>();
  async function read(token: Address): Promise<TokenMetadata | undefined> {
    const call = <F extends "decimals" | "symbol" | "name">(functionName: F) =>
      options.publicClient.readContract({ address: token, abi: erc20Abi, functionName });
    try {
      const [decimals, symbol, name] = await Promise.all([call("decimals"), call("symbol"), call("name")]);
      return { decimals, symbol, name };
    } catch (error) {
      options.logger.warn({ err: error, token }, "could not read an L1 token's metadata");
      cache.delete(token);
      return undefined;
    }
  }
  return {
    metadata(l1Token) {
      const key = l1Token.toLowerCase() as Address;
      let pending = cache.get(key);
      if (pending === undefined) {
        pending = read(key);
        cache.set(key, pending);
      }
      return pending;
    },
  };
}
