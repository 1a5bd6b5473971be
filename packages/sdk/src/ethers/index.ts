// The SDK's actions for ethers v6: the same names and parameters as the viem actions, taking a Signer
// (actions that send) or a Provider (reads). Exported from the package as `ethersActions`.
export { depositErc20 } from "./depositErc20.ts";
export { depositEth } from "./depositEth.ts";
export { finalizeWithdrawal } from "./finalizeWithdrawal.ts";
export { forceTransaction } from "./forceTransaction.ts";
export { getBatchFinality } from "./getBatchFinality.ts";
export { getWithdrawalProof } from "./getWithdrawalProof.ts";
export { getWithdrawalStatus } from "./getWithdrawalStatus.ts";
export { waitForBatchFinality } from "./waitForBatchFinality.ts";
export { withdrawEth } from "./withdrawEth.ts";
export { withdrawToken } from "./withdrawToken.ts";
