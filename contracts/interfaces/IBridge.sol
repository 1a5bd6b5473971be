// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {BatchRecord, StateHeader} from "./IRollup.sol";
import {IForcedTransactionErrors} from "./IForcedTransactionErrors.sol";

/// @notice One leaf of the L2 withdrawals tree (docs/protocol.md §2.3); l1Token is 0 for ETH.
struct Withdrawal {
    uint256 index;
    address l2Sender;
    address l1Recipient;
    address l1Token;
    uint256 amount;
}

/// @title IBridge
/// @notice Halcyon's L1 bridge: the queue of deposits and forced transactions, and withdrawals.
interface IBridge is IForcedTransactionErrors {
    // ---------------------------------------------------------------------------------------------------------
    // Events: one per queue entry, carrying everything needed to rebuild its hash (docs/protocol.md §4)

    /// @notice An ETH deposit was queued.
    /// @param queueIndex the entry's position in the queue
    /// @param from the L1 sender
    /// @param to the L2 recipient
    /// @param amount wei, credited on L2
    /// @param timestamp the entry's L1 timestamp
    event ETHDeposited(uint256 indexed queueIndex, address indexed from, address indexed to, uint256 amount, uint64 timestamp);

    /// @notice An ERC-20 deposit was queued.
    /// @param amount the token units that reached the Bridge (for a fee-on-transfer token, less than sent)
    event ERC20Deposited(
        uint256 indexed queueIndex,
        address indexed from,
        address indexed to,
        address l1Token,
        uint256 amount,
        uint64 timestamp
    );

    /// @notice A raw signed L2 transaction was queued; the node decodes `rawTransaction` as the Bridge did.
    event TransactionForced(uint256 indexed queueIndex, address indexed from, bytes rawTransaction, uint64 timestamp);

    /// @notice A withdrawal was finalized: its tokens were sent, or its ETH sent or credited.
    /// @param credited true when the ETH transfer failed and the amount was credited to l1Recipient instead
    event WithdrawalFinalized(
        uint256 indexed withdrawalIndex,
        address indexed l1Recipient,
        address indexed l1Token,
        uint256 amount,
        uint256 batchIndex,
        bool credited
    );

    /// @notice An ETH credit (from a withdrawal whose transfer failed) was claimed.
    event CreditClaimed(address indexed account, address to, uint256 amount);

    // ---------------------------------------------------------------------------------------------------------
    // Errors

    /// @notice Deposits must be of a nonzero amount.
    error ZeroAmount();

    /// @notice The L2 recipient cannot be 0x0 or L2_BRIDGE_ADDRESS.
    error InvalidRecipient(address to);

    /// @notice The token cannot be 0x0 (which stands for ETH in withdrawals).
    error InvalidToken(address token);

    /// @notice The token transfer delivered nothing to the Bridge.
    error NothingReceived(address token);

    /// @notice The batch is not final (yet).
    error BatchNotFinal(uint256 batchIndex);

    /// @notice The state header does not hash to the batch's state root.
    error StateHeaderMismatch(bytes32 stateRoot);

    /// @notice The withdrawal index is not below the header's withdrawalCount.
    error WithdrawalIndexOutOfRange(uint256 index, uint64 withdrawalCount);

    /// @notice The Merkle proof does not lead to the header's withdrawalsRoot.
    error InvalidWithdrawalProof(uint256 index);

    /// @notice The withdrawal has already been finalized.
    error WithdrawalAlreadyFinalized(uint256 index);

    /// @notice The caller has no ETH credit.
    error NoCredit(address account);

    /// @notice Sending ETH failed.
    error EthTransferFailed(address to, uint256 amount);

    /// @notice A constructor argument is out of range.
    error InvalidParameter(string name);

    // ---------------------------------------------------------------------------------------------------------
    // Queue

    /// @notice Queues an ETH deposit of msg.value to `to` on L2.
    /// @return queueIndex the entry's position in the queue
    function depositETH(address to) external payable returns (uint256 queueIndex);

    /// @notice Pulls `amount` of `l1Token` from the caller (it must have approved the Bridge) and queues a
    /// deposit of what actually arrived (balance after minus before) to `to` on L2.
    /// @dev A fee-on-transfer token credits the amount received; a transfer that delivers nothing reverts.
    /// @return queueIndex the entry's position in the queue
    function depositERC20(address l1Token, address to, uint256 amount) external returns (uint256 queueIndex);

    /// @notice Queues a raw signed L2 transaction, so that a censored user can still transact and withdraw.
    /// @dev The transaction must decode under docs/protocol.md §5.1 for L2_CHAIN_ID (canonical RLP, EIP-1559
    /// or legacy EIP-155, at most MAX_RAW_TX_BYTES, tip <= maxFee, r and s in range with low s); whether the
    /// signature recovers a funded sender is checked on L2 (if not, the step is a no-op). The entry's dataHash
    /// commits to the decoded fields (docs/protocol.md §4 kind 3).
    /// @return queueIndex the entry's position in the queue
    function forceTransaction(bytes calldata rawTransaction) external returns (uint256 queueIndex);

    // ---------------------------------------------------------------------------------------------------------
    // Withdrawals

    /// @notice Pays out an L2 withdrawal proven against the state header of a final batch, once per index.
    /// @dev Finality is advanced lazily (Rollup.finalizeBatches). ETH goes to l1Recipient with a plain call;
    /// if that call fails, the amount is credited to l1Recipient (claimCredit) so the withdrawal is never stuck.
    /// Tokens go through SafeERC20.safeTransfer, and a failed transfer reverts (the withdrawal stays
    /// unfinalized and can be retried). Anyone may call.
    /// @param batch the record of a final batch
    /// @param header the preimage of batch.stateRoot
    /// @param withdrawal the withdrawal leaf's fields
    /// @param siblings the leaf's Merkle path, bottom-up: siblings[h] is the sibling at height h
    function finalizeWithdrawal(
        BatchRecord calldata batch,
        StateHeader calldata header,
        Withdrawal calldata withdrawal,
        bytes32[32] calldata siblings
    ) external;

    /// @notice Sends the caller's whole ETH credit to `to`.
    function claimCredit(address to) external;

    // ---------------------------------------------------------------------------------------------------------
    // Views

    /// @notice The number of entries ever queued.
    function queueLength() external view returns (uint256);

    /// @notice The hash of queue entry `queueIndex`: keccak256(abi.encode(dataHash, uint64 timestamp)).
    function queueEntry(uint256 queueIndex) external view returns (bytes32);

    /// @notice The queue length and, if queueIndex < length, entry `queueIndex`'s hash (else 0), in one call.
    function queueInfo(uint256 queueIndex) external view returns (uint256 length, bytes32 entryHash);

    /// @notice Whether withdrawal `index` has been finalized.
    function isWithdrawalFinalized(uint256 index) external view returns (bool);

    /// @notice The ETH credited to `account` by withdrawals whose transfer failed.
    function creditOf(address account) external view returns (uint256);
}
