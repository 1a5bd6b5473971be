import type { ContractTransactionResponse, Provider, Signer, TransactionReceipt } from "ethers";
import { AccountNotFoundError, TransactionRevertedError } from "../../errors.ts";
import { assertChainId } from "../../internal/assertChainId.ts";

/** The signer's provider, or AccountNotFoundError (ethers signers need one to send and read). */
export function providerOf(signer: Signer): Provider {
  if (signer.provider === null) {
    throw new AccountNotFoundError("the ethers signer has no provider: connect it to one");
  }
  return signer.provider;
}

/** Checks the chain the provider is connected to. */
export async function assertProviderChain(provider: Provider, expected: number | bigint, what: string) {
  assertChainId((await provider.getNetwork()).chainId, expected, what);
}

/** Waits for a sent transaction; TransactionRevertedError if it reverted. */
export async function waitForSuccess(
  tx: ContractTransactionResponse | { hash: string; wait: () => Promise<TransactionReceipt | null> },
): Promise<TransactionReceipt> {
  let receipt: TransactionReceipt | null;
  try {
    receipt = await tx.wait();
  } catch (cause) {
    throw new TransactionRevertedError(`transaction ${tx.hash} reverted`, {
      cause,
      details: { hash: tx.hash },
    });
  }
  if (receipt === null || receipt.status !== 1) {
    throw new TransactionRevertedError(`transaction ${tx.hash} reverted`, { details: { hash: tx.hash } });
  }
  return receipt;
}
