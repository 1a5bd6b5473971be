import type { Account, Chain, Client, Hex, TransactionReceipt, Transport } from "viem";
import { getChainId, waitForTransactionReceipt } from "viem/actions";
import { AccountNotFoundError, TransactionRevertedError } from "../errors.ts";
import { assertChainId } from "./assertChainId.ts";

/** Any viem client: a wallet client for the actions that send, a public client for the reads. */
export type AnyClient = Client<Transport, Chain | undefined, Account | undefined>;

/** The client's account, or AccountNotFoundError. */
export function requireAccount(client: AnyClient): Account {
  if (client.account === undefined) {
    throw new AccountNotFoundError("the wallet client has no account: create it with one");
  }
  return client.account;
}

/** Checks the chain the client's transport is connected to. */
export async function assertClientChain(client: AnyClient, expected: number | bigint, what: string) {
  assertChainId(await getChainId(client), expected, what);
}

/** Waits for a transaction's receipt; TransactionRevertedError if it reverted. */
export async function waitForSuccess(
  client: AnyClient,
  hash: Hex,
  pollingInterval?: number,
): Promise<TransactionReceipt> {
  const receipt = await waitForTransactionReceipt(client, {
    hash,
    ...(pollingInterval === undefined ? {} : { pollingInterval }),
  });
  if (receipt.status !== "success") {
    throw new TransactionRevertedError(`transaction ${hash} reverted`, { details: { hash } });
  }
  return receipt;
}
