// The L2 state (docs/protocol.md §2): accounts, tokens, the withdrawals tree and the state header.

export { type Account, decodeAccount, encodeAccount } from "./account.ts";
export { L2State, type StateAccessObserver, StateInvariantError } from "./l2State.ts";
export {
  type Erc20DepositEntry,
  type EthDepositEntry,
  type ForcedTransactionEntry,
  type QueueEntry,
  queueEntryDataHash,
  queueEntryHash,
} from "./queueEntry.ts";
export { encodeStateHeader, GENESIS_HEADER, type StateHeader, stateRootOf } from "./stateHeader.ts";
export {
  accountKey,
  indexKey,
  tokenBalanceKey,
  tokenL1Key,
  tokenSupplyKey,
} from "./stateKeys.ts";
export {
  EMPTY_WITHDRAWALS_ROOT,
  foldFrontier,
  verifyWithdrawalProof,
  WITHDRAWAL_ZERO_HASHES,
  type WithdrawalLeaf,
  WithdrawalTree,
  WithdrawalTreeError,
  withdrawalLeafHash,
} from "./withdrawalTree.ts";
