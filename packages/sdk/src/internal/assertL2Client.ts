import type { Account, Chain } from "viem";
import { ChainMismatchError } from "../errors.ts";
import { type AnyClient, assertClientChain, requireAccount } from "./viemClient.ts";

/**
 * A wallet client for L2 actions: it has an account and a chain (a Halcyon chain from defineHalcyonChain
 * or halcyonDevnet), and its transport is connected to that chain.
 */
export async function assertL2Client(client: AnyClient): Promise<{ account: Account; chain: Chain }> {
  const account = requireAccount(client);
  const chain = client.chain;
  if (chain === undefined) {
    throw new ChainMismatchError("the wallet client has no chain: create it with a Halcyon chain");
  }
  await assertClientChain(client, chain.id, chain.name);
  return { account, chain };
}
