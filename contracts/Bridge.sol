// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {BitMaps} from "@openzeppelin/contracts/utils/structs/BitMaps.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {ForcedTransaction, ForcedTransactionDecoder} from "./bridge/ForcedTransactionDecoder.sol";
import {IBridge, Withdrawal} from "./interfaces/IBridge.sol";
import {BatchRecord, IRollup, StateHeader} from "./interfaces/IRollup.sol";
import {L2_BRIDGE_ADDRESS, QUEUE_KIND_ERC20_DEPOSIT, QUEUE_KIND_ETH_DEPOSIT} from "./libraries/Constants.sol";
import {WithdrawalTree} from "./libraries/WithdrawalTree.sol";

/// @title Bridge
/// @notice Halcyon's L1 bridge. Deposits (ETH, ERC-20) and forced transactions go into one queue that L2
/// batches apply in order; withdrawals proven against the state header of a final batch are paid once each.
/// No owner, no upgrades, no pause.
/// @dev Solvency by construction: every wei and token unit L2 can withdraw entered through a deposit here
/// (an ERC-20 deposit credits only what actually arrived), each withdrawal index is paid at most once, and
/// the Bridge sends value nowhere else. Tokens whose balances change by themselves (rebasing) are not
/// supported: L2 sees only the amount that arrived at deposit time.
contract Bridge is IBridge, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using BitMaps for BitMaps.BitMap;

    /// @notice The Rollup whose final batches prove withdrawals.
    IRollup public immutable ROLLUP;
    /// @notice The L2 chain id forced transactions must be signed for.
    uint64 public immutable L2_CHAIN_ID;

    /// @dev Queue entry hashes: keccak256(abi.encode(dataHash, uint64 l1Timestamp)) (docs/protocol.md §4).
    bytes32[] private _queue;
    /// @dev Withdrawal indices already paid (or credited).
    BitMaps.BitMap private _finalized;
    /// @dev ETH owed to recipients whose withdrawal transfer failed.
    mapping(address account => uint256 amount) private _credits;

    /// @param rollup the Rollup (its address is predicted by the deploy script)
    /// @param l2ChainId the L2 chain id (EIP-155)
    constructor(address rollup, uint64 l2ChainId) {
        if (rollup == address(0)) revert InvalidParameter("rollup");
        if (l2ChainId == 0) revert InvalidParameter("l2ChainId");
        ROLLUP = IRollup(rollup);
        L2_CHAIN_ID = l2ChainId;
    }

    // -------------------------------------------------------------------------------------------------------------
    // Queue. depositETH and forceTransaction make no external call, so they need no reentrancy guard (and a
    // nested one from a token or recipient callback only appends an entry, like any other caller).

    /// @inheritdoc IBridge
    function depositETH(address to) external payable returns (uint256 queueIndex) {
        if (msg.value == 0) revert ZeroAmount();
        _checkRecipient(to);
        uint64 timestamp = uint64(block.timestamp);
        queueIndex = _enqueue(keccak256(abi.encode(QUEUE_KIND_ETH_DEPOSIT, msg.sender, to, msg.value)), timestamp);
        emit ETHDeposited(queueIndex, msg.sender, to, msg.value, timestamp);
    }

    /// @inheritdoc IBridge
    function depositERC20(address l1Token, address to, uint256 amount)
        external
        nonReentrant
        returns (uint256 queueIndex)
    {
        if (amount == 0) revert ZeroAmount();
        if (l1Token == address(0)) revert InvalidToken(l1Token);
        _checkRecipient(to);
        IERC20 token = IERC20(l1Token);
        uint256 balanceBefore = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), amount);
        uint256 balanceAfter = token.balanceOf(address(this));
        if (balanceAfter <= balanceBefore) revert NothingReceived(l1Token);
        uint256 received = balanceAfter - balanceBefore;
        uint64 timestamp = uint64(block.timestamp);
        queueIndex = _enqueue(
            keccak256(abi.encode(QUEUE_KIND_ERC20_DEPOSIT, msg.sender, to, l1Token, received)), timestamp
        );
        emit ERC20Deposited(queueIndex, msg.sender, to, l1Token, received, timestamp);
    }

    /// @inheritdoc IBridge
    function forceTransaction(bytes calldata rawTransaction) external returns (uint256 queueIndex) {
        ForcedTransaction memory t = ForcedTransactionDecoder.decode(rawTransaction, L2_CHAIN_ID);
        uint64 timestamp = uint64(block.timestamp);
        queueIndex = _enqueue(ForcedTransactionDecoder.dataHash(msg.sender, t), timestamp);
        emit TransactionForced(queueIndex, msg.sender, rawTransaction, timestamp);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Withdrawals

    /// @inheritdoc IBridge
    function finalizeWithdrawal(
        BatchRecord calldata batch,
        StateHeader calldata header,
        Withdrawal calldata withdrawal,
        bytes32[32] calldata siblings
    ) external nonReentrant {
        uint256 index = withdrawal.index;
        if (_finalized.get(index)) revert WithdrawalAlreadyFinalized(index);
        if (ROLLUP.finalizeBatches(batch) <= batch.index) revert BatchNotFinal(batch.index);
        if (keccak256(abi.encode(header)) != batch.stateRoot) revert StateHeaderMismatch(batch.stateRoot);
        if (index >= header.withdrawalCount) revert WithdrawalIndexOutOfRange(index, header.withdrawalCount);
        // The leaf is keccak256(abi.encode(index, l2Sender, l1Recipient, l1Token, amount)) (docs/protocol.md §2.3).
        if (WithdrawalTree.computeRoot(index, keccak256(abi.encode(withdrawal)), siblings) != header.withdrawalsRoot) {
            revert InvalidWithdrawalProof(index);
        }
        _finalized.set(index);

        address recipient = withdrawal.l1Recipient;
        uint256 amount = withdrawal.amount;
        if (withdrawal.l1Token == address(0)) {
            // A plain call, all gas forwarded, no return data copied. If it fails (a recipient that rejects
            // ETH, or runs out of gas), the ETH is credited instead, so the withdrawal is never stuck.
            bool success;
            assembly ("memory-safe") {
                success := call(gas(), recipient, amount, 0, 0, 0, 0)
            }
            if (!success) _credits[recipient] += amount;
            emit WithdrawalFinalized(index, recipient, address(0), amount, batch.index, !success);
        } else {
            emit WithdrawalFinalized(index, recipient, withdrawal.l1Token, amount, batch.index, false);
            IERC20(withdrawal.l1Token).safeTransfer(recipient, amount);
        }
    }

    /// @inheritdoc IBridge
    function claimCredit(address to) external nonReentrant {
        uint256 amount = _credits[msg.sender];
        if (amount == 0) revert NoCredit(msg.sender);
        _credits[msg.sender] = 0;
        emit CreditClaimed(msg.sender, to, amount);
        bool success;
        assembly ("memory-safe") {
            success := call(gas(), to, amount, 0, 0, 0, 0)
        }
        if (!success) revert EthTransferFailed(to, amount);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Views

    /// @inheritdoc IBridge
    function queueLength() external view returns (uint256) {
        return _queue.length;
    }

    /// @inheritdoc IBridge
    function queueEntry(uint256 queueIndex) external view returns (bytes32) {
        return _queue[queueIndex];
    }

    /// @inheritdoc IBridge
    function queueInfo(uint256 queueIndex) external view returns (uint256 length, bytes32 entryHash) {
        length = _queue.length;
        if (queueIndex < length) entryHash = _queue[queueIndex];
    }

    /// @inheritdoc IBridge
    function isWithdrawalFinalized(uint256 index) external view returns (bool) {
        return _finalized.get(index);
    }

    /// @inheritdoc IBridge
    function creditOf(address account) external view returns (uint256) {
        return _credits[account];
    }

    // -------------------------------------------------------------------------------------------------------------
    // Internals

    function _checkRecipient(address to) private pure {
        if (to == address(0) || to == L2_BRIDGE_ADDRESS) revert InvalidRecipient(to);
    }

    function _enqueue(bytes32 dataHash, uint64 timestamp) private returns (uint256 queueIndex) {
        queueIndex = _queue.length;
        _queue.push(keccak256(abi.encode(dataHash, timestamp)));
    }
}
