import { pollTransactionBatch, type WaitForTransactionBatchParameters } from "../core/l2Waits.ts";
import type { TransactionStatus } from "../types.ts";
import { type EthersRpcProvider, ethersRpc } from "./internal/ethersPorts.ts";

/**
 * waitForTransactionBatch for an ethers v6 JsonRpcProvider on the L2: resolves once the transaction's
 * batch is posted on L1 (or final, with `until: "final"`); WaitTimeoutError after `timeout` ms.
 *
 * @example
 * const tx = await l2Signer.sendTransaction({ to: recipient, value: parseEther("0.1") });
 * const status = await ethersActions.waitForTransactionBatch(l2Provider, { hash: tx.hash as Hex });
 */
export function waitForTransactionBatch(
  provider: EthersRpcProvider,
  parameters: WaitForTransactionBatchParameters,
): Promise<TransactionStatus> {
  return pollTransactionBatch(ethersRpc(provider), parameters);
}
