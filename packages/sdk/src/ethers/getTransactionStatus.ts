import { type GetTransactionStatusParameters, readTransactionStatus } from "../core/l2Reads.ts";
import type { TransactionStatus } from "../types.ts";
import { type EthersRpcProvider, ethersRpc } from "./internal/ethersPorts.ts";

/**
 * getTransactionStatus for an ethers v6 JsonRpcProvider on the L2: where the transaction stands, in L2
 * and on L1 (rollup_getTransactionStatus); null when the sequencer does not know the hash.
 *
 * @example
 * const l2Provider = new JsonRpcProvider("http://127.0.0.1:8547");
 * const status = await ethersActions.getTransactionStatus(l2Provider, { hash });
 */
export function getTransactionStatus(
  provider: EthersRpcProvider,
  parameters: GetTransactionStatusParameters,
): Promise<TransactionStatus | null> {
  return readTransactionStatus(ethersRpc(provider), parameters);
}
