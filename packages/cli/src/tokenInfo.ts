import { l2TokenAddress } from "@halcyon/protocol";
import { type Address, type Chain, erc20Abi, type PublicClient, type Transport } from "viem";
import { CliError } from "./errors.ts";

// What a token amount means: its decimals and symbol, read from the token itself (on L1, or on L2 where
// a bridged token answers with its L1 metadata, docs/protocol.md §3.5).

export type TokenInfo = {
  /** null for ETH. */
  readonly l1Token: Address | null;
  readonly l2Token: Address | null;
  readonly decimals: number;
  readonly symbol: string;
};

export const ETH: TokenInfo = { l1Token: null, l2Token: null, decimals: 18, symbol: "ETH" };

type Client = PublicClient<Transport, Chain>;

async function metadata(client: Client, address: Address, where: string, l1Token: Address) {
  try {
    const [decimals, symbol] = await Promise.all([
      client.readContract({ address, abi: erc20Abi, functionName: "decimals" }),
      client.readContract({ address, abi: erc20Abi, functionName: "symbol" }),
    ]);
    return { decimals, symbol };
  } catch (cause) {
    if (cause instanceof Error && /HttpRequestError|fetch failed/.test(`${cause.name} ${cause.message}`)) {
      throw cause;
    }
    throw new CliError(
      where === "L1"
        ? `--token ${l1Token} is not an ERC-20 on L1 (it has no decimals() and symbol())`
        : `--token ${l1Token} has never been deposited to L2, so it has no balance there`,
      { cause },
    );
  }
}

/** An L1 token's decimals and symbol, read on L1 (for deposits). */
export async function l1TokenInfo(l1: Client, l1Token: Address): Promise<TokenInfo> {
  const { decimals, symbol } = await metadata(l1, l1Token, "L1", l1Token);
  return { l1Token, l2Token: l2TokenAddress(l1Token.toLowerCase() as Address), decimals, symbol };
}

/** A bridged token's decimals and symbol, read from its L2 address (for sends and withdrawals). */
export async function l2TokenInfo(l2: Client, l1Token: Address): Promise<TokenInfo> {
  const l2Token = l2TokenAddress(l1Token.toLowerCase() as Address);
  const { decimals, symbol } = await metadata(l2, l2Token, "L2", l1Token);
  return { l1Token, l2Token, decimals, symbol };
}

/** An account's balance of ETH or of a bridged token on L2. */
export async function l2Balance(l2: Client, owner: Address, token: TokenInfo): Promise<bigint> {
  if (token.l2Token === null) return l2.getBalance({ address: owner });
  return l2.readContract({ address: token.l2Token, abi: erc20Abi, functionName: "balanceOf", args: [owner] });
}
