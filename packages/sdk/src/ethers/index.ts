// The SDK's functions for ethers v6: the same names, parameters and results as the viem actions, sharing
// their logic (core/). Actions that send take a Signer (L1, or L2 for withdrawals); L1 reads take a
// Provider or Signer; L2 reads take a JsonRpcProvider on the sequencer. Exported as `ethersActions`.
export { depositErc20 } from "./depositErc20.ts";
export { depositEth } from "./depositEth.ts";
export { finalizeWithdrawal } from "./finalizeWithdrawal.ts";
export { forceTransaction } from "./forceTransaction.ts";
export { getBatch } from "./getBatch.ts";
export { getBatchFinality } from "./getBatchFinality.ts";
export { getChallengeWindow } from "./getChallengeWindow.ts";
export { getOpenGames } from "./getOpenGames.ts";
export { getRollupStatus } from "./getRollupStatus.ts";
export { getTransactionStatus } from "./getTransactionStatus.ts";
export { getWithdrawal } from "./getWithdrawal.ts";
export { getWithdrawalProof } from "./getWithdrawalProof.ts";
export { getWithdrawalStatus } from "./getWithdrawalStatus.ts";
export type { EthersRpcProvider } from "./internal/ethersPorts.ts";
export { waitForBatchFinality } from "./waitForBatchFinality.ts";
export { waitForBatchFinalizable } from "./waitForBatchFinalizable.ts";
export { waitForDeposit } from "./waitForDeposit.ts";
export { waitForTransactionBatch } from "./waitForTransactionBatch.ts";
export {
  type WaitForTransactionReceiptParameters,
  waitForTransactionReceipt,
} from "./waitForTransactionReceipt.ts";
export { withdrawEth } from "./withdrawEth.ts";
export { withdrawToken } from "./withdrawToken.ts";
