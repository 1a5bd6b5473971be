// @halcyon/sdk: viem and ethers helpers for Halcyon users. docs/protocol.md is the specification; the
// L1 contracts' ABIs and the deployment file's type come from node-common (by path, see abis.ts).

export { bridgeAbi, disputeGameAbi, rollupAbi } from "./abis.ts";
export {
  type DepositErc20Parameters,
  type DepositErc20ReturnType,
  depositErc20,
} from "./actions/l1/depositErc20.ts";
export { type DepositEthParameters, type DepositEthReturnType, depositEth } from "./actions/l1/depositEth.ts";
export {
  type FinalizeWithdrawalParameters,
  type FinalizeWithdrawalReturnType,
  finalizeWithdrawal,
} from "./actions/l1/finalizeWithdrawal.ts";
export {
  type ForceTransactionParameters,
  type ForceTransactionReturnType,
  forceTransaction,
} from "./actions/l1/forceTransaction.ts";
export {
  type BatchFinality,
  type GetBatchFinalityParameters,
  getBatchFinality,
} from "./actions/l1/getBatchFinality.ts";
export {
  type GetChallengeWindowParameters,
  getChallengeWindow,
} from "./actions/l1/getChallengeWindow.ts";
export { type GetOpenGamesParameters, getOpenGames } from "./actions/l1/getOpenGames.ts";
export { type GetWithdrawalStatusParameters, getWithdrawalStatus } from "./actions/l1/getWithdrawalStatus.ts";
export {
  type WaitForBatchFinalityParameters,
  waitForBatchFinality,
} from "./actions/l1/waitForBatchFinality.ts";
export {
  type WaitForBatchFinalizableParameters,
  waitForBatchFinalizable,
} from "./actions/l1/waitForBatchFinalizable.ts";
export { type GetBatchParameters, getBatch } from "./actions/l2/getBatch.ts";
export { getRollupStatus } from "./actions/l2/getRollupStatus.ts";
export {
  type GetTransactionStatusParameters,
  getTransactionStatus,
} from "./actions/l2/getTransactionStatus.ts";
export {
  type GetWithdrawalParameters,
  getWithdrawal,
} from "./actions/l2/getWithdrawal.ts";
export {
  type GetWithdrawalProofParameters,
  type GetWithdrawalProofRpcSchema,
  getWithdrawalProof,
} from "./actions/l2/getWithdrawalProof.ts";
export {
  type WaitForDepositParameters,
  type WaitForDepositReturnType,
  waitForDeposit,
} from "./actions/l2/waitForDeposit.ts";
export {
  type WaitForTransactionBatchParameters,
  waitForTransactionBatch,
} from "./actions/l2/waitForTransactionBatch.ts";
export { type WithdrawEthParameters, withdrawEth } from "./actions/l2/withdrawEth.ts";
export {
  type WithdrawTokenParameters,
  withdrawToken,
  withdrawTokenTarget,
} from "./actions/l2/withdrawToken.ts";
export { type DefineHalcyonChainOptions, defineHalcyonChain } from "./chains/defineHalcyonChain.ts";
export { halcyonDevnet } from "./chains/halcyonDevnet.ts";
export { checkWithdrawalProof } from "./checkWithdrawalProof.ts";
export { batchFromRpc } from "./convert/batchFromRpc.ts";
export { rollupStatusFromRpc } from "./convert/rollupStatusFromRpc.ts";
export { transactionStatusFromRpc } from "./convert/transactionStatusFromRpc.ts";
export { withdrawalInfoFromRpc } from "./convert/withdrawalInfoFromRpc.ts";
export { withdrawalProofFromRpc } from "./convert/withdrawalProofFromRpc.ts";
export type { PollOptions } from "./core/poll.ts";
export { DeploymentFileError, parseDeployment, readDeployment } from "./deployment.ts";
export * from "./errors.ts";
export * as ethersActions from "./ethers/index.ts";
export type * from "./types.ts";
