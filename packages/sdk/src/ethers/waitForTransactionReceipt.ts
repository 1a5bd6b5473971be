import type { Provider, TransactionReceipt } from "ethers";
import type { Hash } from "viem";
import { type PollOptions, poll } from "../core/poll.ts";
import { assertHash } from "../internal/assertHash.ts";

export type WaitForTransactionReceiptParameters = PollOptions & {
  /** An L2 transaction's hash. */
  readonly hash: Hash;
};

/**
 * The receipt of an L2 transaction, polling eth_getTransactionReceipt (every 250 ms by default) rather
 * than waiting for block events as ethers' `tx.wait()` and `provider.waitForTransaction` do: Halcyon seals
 * a block only when it has something to put in it, so on an idle chain the block holding the transaction
 * can be the last one, and a block listener that starts just after it waits for the next transaction.
 * Throws WaitTimeoutError after `timeout` ms. (viem's waitForTransactionReceipt polls already.)
 *
 * @example
 * const tx = await l2Signer.sendTransaction({ to: recipient, value: parseEther("0.1") });
 * const receipt = await ethersActions.waitForTransactionReceipt(l2Provider, { hash: tx.hash as Hex });
 * console.log(receipt.status, receipt.blockNumber);
 */
export async function waitForTransactionReceipt(
  provider: Pick<Provider, "getTransactionReceipt">,
  { hash, ...options }: WaitForTransactionReceiptParameters,
): Promise<TransactionReceipt> {
  assertHash(hash, "hash");
  const receipt = await poll(
    () => provider.getTransactionReceipt(hash),
    (r) => r !== null,
    {
      ...options,
      defaultInterval: 250,
      timedOut: () => ({ message: `no receipt for ${hash} after ${options.timeout} ms`, details: { hash } }),
    },
  );
  return receipt!;
}
