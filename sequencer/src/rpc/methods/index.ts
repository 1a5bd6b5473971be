import type { RpcMethod } from "../context.ts";
import { ethAccounts } from "./ethAccounts.ts";
import { ethBlockNumber } from "./ethBlockNumber.ts";
import { ethCall } from "./ethCall.ts";
import { ethChainId } from "./ethChainId.ts";
import { ethEstimateGas } from "./ethEstimateGas.ts";
import { ethFeeHistory } from "./ethFeeHistory.ts";
import { ethGasPrice } from "./ethGasPrice.ts";
import { ethGetBalance } from "./ethGetBalance.ts";
import { ethGetBlockByHash } from "./ethGetBlockByHash.ts";
import { ethGetBlockByNumber } from "./ethGetBlockByNumber.ts";
import { ethGetBlockTransactionCountByHash } from "./ethGetBlockTransactionCountByHash.ts";
import { ethGetBlockTransactionCountByNumber } from "./ethGetBlockTransactionCountByNumber.ts";
import { ethGetCode } from "./ethGetCode.ts";
import { ethGetFilterChanges } from "./ethGetFilterChanges.ts";
import { ethGetFilterLogs } from "./ethGetFilterLogs.ts";
import { ethGetLogs } from "./ethGetLogs.ts";
import { ethGetTransactionByBlockHashAndIndex } from "./ethGetTransactionByBlockHashAndIndex.ts";
import { ethGetTransactionByBlockNumberAndIndex } from "./ethGetTransactionByBlockNumberAndIndex.ts";
import { ethGetTransactionByHash } from "./ethGetTransactionByHash.ts";
import { ethGetTransactionCount } from "./ethGetTransactionCount.ts";
import { ethGetTransactionReceipt } from "./ethGetTransactionReceipt.ts";
import { ethMaxPriorityFeePerGas } from "./ethMaxPriorityFeePerGas.ts";
import { ethNewBlockFilter } from "./ethNewBlockFilter.ts";
import { ethNewFilter } from "./ethNewFilter.ts";
import { ethNewPendingTransactionFilter } from "./ethNewPendingTransactionFilter.ts";
import { ethSendRawTransaction } from "./ethSendRawTransaction.ts";
import { ethSendRawTransactionSync } from "./ethSendRawTransactionSync.ts";
import { ethSubscribe } from "./ethSubscribe.ts";
import { ethSyncing } from "./ethSyncing.ts";
import { ethUninstallFilter } from "./ethUninstallFilter.ts";
import { ethUnsubscribe } from "./ethUnsubscribe.ts";
import { netListening } from "./netListening.ts";
import { netVersion } from "./netVersion.ts";
import { rollupGetAddressTransactions } from "./rollupGetAddressTransactions.ts";
import { rollupGetBatchByIndex } from "./rollupGetBatchByIndex.ts";
import { rollupGetBatches } from "./rollupGetBatches.ts";
import { rollupGetGames } from "./rollupGetGames.ts";
import { rollupGetStatus } from "./rollupGetStatus.ts";
import { rollupGetTransactionStatus } from "./rollupGetTransactionStatus.ts";
import { rollupGetWithdrawalProof } from "./rollupGetWithdrawalProof.ts";
import { web3ClientVersion } from "./web3ClientVersion.ts";

/** Every method the sequencer serves. */
export const RPC_METHODS: readonly RpcMethod[] = [
  ethAccounts,
  ethBlockNumber,
  ethCall,
  ethChainId,
  ethEstimateGas,
  ethFeeHistory,
  ethGasPrice,
  ethGetBalance,
  ethGetBlockByHash,
  ethGetBlockByNumber,
  ethGetBlockTransactionCountByHash,
  ethGetBlockTransactionCountByNumber,
  ethGetCode,
  ethGetFilterChanges,
  ethGetFilterLogs,
  ethGetLogs,
  ethGetTransactionByBlockHashAndIndex,
  ethGetTransactionByBlockNumberAndIndex,
  ethGetTransactionByHash,
  ethGetTransactionCount,
  ethGetTransactionReceipt,
  ethMaxPriorityFeePerGas,
  ethNewBlockFilter,
  ethNewFilter,
  ethNewPendingTransactionFilter,
  ethSendRawTransaction,
  ethSendRawTransactionSync,
  ethSubscribe,
  ethSyncing,
  ethUninstallFilter,
  ethUnsubscribe,
  netListening,
  netVersion,
  rollupGetAddressTransactions,
  rollupGetBatchByIndex,
  rollupGetBatches,
  rollupGetGames,
  rollupGetStatus,
  rollupGetTransactionStatus,
  rollupGetWithdrawalProof,
  web3ClientVersion,
];
