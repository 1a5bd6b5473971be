import { type GetWithdrawalProofParameters, readWithdrawalProof } from "../core/l2Reads.ts";
import type { SequencerWithdrawalProof } from "../types.ts";
import { type EthersRpcProvider, ethersRpc } from "./internal/ethersPorts.ts";

/**
 * getWithdrawalProof for an ethers v6 JsonRpcProvider on the L2 (rollup_getWithdrawalProof): the proof
 * finalizeWithdrawal takes, or null until the withdrawal's batch is in an L1 block.
 *
 * @example
 * const proof = await ethersActions.getWithdrawalProof(l2Provider, { transactionHash: withdrawalHash });
 */
export function getWithdrawalProof(
  provider: EthersRpcProvider,
  parameters: GetWithdrawalProofParameters,
): Promise<SequencerWithdrawalProof | null> {
  return readWithdrawalProof(ethersRpc(provider), parameters);
}
