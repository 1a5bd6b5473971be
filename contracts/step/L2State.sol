// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IStepVerifierErrors as E} from "../interfaces/IStepVerifierErrors.sol";
import {StateHeader} from "../interfaces/IRollup.sol";
import {SparseMerkleTree} from "../libraries/SparseMerkleTree.sol";
import {StateKeys} from "../libraries/StateKeys.sol";
import {WithdrawalTree} from "../libraries/WithdrawalTree.sol";

/// @notice The L2 state as one step sees it (docs/protocol.md §2): the state tree behind a cursor over the
/// witness's proofs, the withdrawals tree's root and count, and the header's counters.
/// @param tree the state-tree root and the proofs its reads consume
/// @param withdrawalsRoot the withdrawals tree's root
/// @param withdrawalCount leaves in the withdrawals tree
/// @param queueApplied L1 queue entries applied
/// @param accountCount accounts created
/// @param frontierOffset calldata offset of the witness's withdrawals-tree frontier
/// @param frontierLength its number of words (32, or 0 when the step appends nothing)
/// @param withdrawalAppended whether the step has appended a withdrawal (the frontier is used once)
struct L2State {
    SparseMerkleTree.Cursor tree;
    bytes32 withdrawalsRoot;
    uint64 withdrawalCount;
    uint64 queueApplied;
    uint64 accountCount;
    uint256 frontierOffset;
    uint256 frontierLength;
    bool withdrawalAppended;
}

/// @notice An account leaf (docs/protocol.md §2.2) as read: absent accounts read as all zero.
/// @param key the leaf's key, keccak(0x01 ‖ address)
/// @param present whether the leaf exists
/// @param balance wei (128 bits in the leaf)
/// @param nonce the next nonce
/// @param index the account's index (0 when absent)
struct Account {
    bytes32 key;
    bool present;
    uint256 balance;
    uint64 nonce;
    uint64 index;
}

/// @title L2StateAccess
/// @notice The account, token and withdrawal operations of the state transition (docs/protocol.md §3.3-
/// §3.6) over an L2State. Every operation makes its tree reads and writes in the normative order: each
/// read consumes the witness's next proof, and each write directly follows the read of its key.
/// @dev Mirrors packages/protocol/src/state/l2State.ts.
library L2StateAccess {
    using SparseMerkleTree for SparseMerkleTree.Cursor;

    /// @dev Largest ETH balance an account leaf holds.
    uint256 private constant MAX_ETH_BALANCE = type(uint128).max;

    /// @notice The pre-state of a step: `header` with a tree cursor over `reads` and the frontier at
    /// `frontier` (calldata).
    function load(StateHeader calldata header, SparseMerkleTree.Proof[] calldata reads, bytes32[] calldata frontier)
        internal
        pure
        returns (L2State memory s)
    {
        s.tree = SparseMerkleTree.cursor(header.treeRoot, reads);
        s.withdrawalsRoot = header.withdrawalsRoot;
        s.withdrawalCount = header.withdrawalCount;
        s.queueApplied = header.queueApplied;
        s.accountCount = header.accountCount;
        uint256 offset;
        assembly ("memory-safe") {
            offset := frontier.offset
        }
        s.frontierOffset = offset;
        s.frontierLength = frontier.length;
    }

    /// @notice keccak(abi.encode(treeRoot, withdrawalsRoot, withdrawalCount, queueApplied, accountCount))
    /// (docs/protocol.md §2.4).
    function stateRoot(L2State memory s) internal pure returns (bytes32) {
        return keccak256(
            abi.encode(s.tree.root, s.withdrawalsRoot, s.withdrawalCount, s.queueApplied, s.accountCount)
        );
    }

    // ---------------------------------------------------------------------------------------------------------
    // Accounts (§3.3)

    /// @notice Reads the account of `account` (one tree read).
    function readAccount(L2State memory s, address account) internal pure returns (Account memory a) {
        a.key = StateKeys.accountKey(account);
        bytes32 value;
        (a.present, value) = s.tree.read(a.key);
        uint128 balance;
        (balance, a.nonce, a.index) = StateKeys.unpackAccount(value);
        a.balance = balance;
    }

    /// @notice Writes `a` back; it must be the account just read.
    function writeAccount(L2State memory s, Account memory a) internal pure {
        if (a.balance > MAX_ETH_BALANCE) revert E.StateInvariantViolated(a.key);
        s.tree.write(a.key, StateKeys.packAccount(uint128(a.balance), a.nonce, a.index));
    }

    /// @notice creditEth(account, amount) (§3.3): read the account; create it with the next index if
    /// absent; add `amount`; write it; for a new account, read (absent) and write its index leaf.
    function creditEth(L2State memory s, address account, uint256 amount) internal pure {
        creditEthAfterRead(s, account, readAccount(s, account), amount);
    }

    /// @notice The write half of creditEth, for a caller that has just read the account (`a`) itself.
    function creditEthAfterRead(L2State memory s, address account, Account memory a, uint256 amount)
        internal
        pure
    {
        bool created = !a.present;
        if (created) {
            if (s.accountCount == type(uint64).max) revert E.StateInvariantViolated(bytes32(0));
            a.index = s.accountCount + 1;
            s.accountCount = a.index;
        }
        if (amount > MAX_ETH_BALANCE - a.balance) revert E.StateInvariantViolated(a.key);
        a.balance += amount;
        writeAccount(s, a);
        if (created) {
            bytes32 key = StateKeys.indexKey(a.index);
            (bool occupied,) = s.tree.read(key);
            if (occupied) revert E.IndexLeafOccupied(a.index);
            s.tree.write(key, StateKeys.addressToValue(account));
        }
    }

    /// @notice ensureAccount(account) = creditEth(account, 0).
    function ensureAccount(L2State memory s, address account) internal pure {
        creditEth(s, account, 0);
    }

    /// @notice The address of account `index` (a read of its index leaf); `index` must be 1..accountCount.
    function addressOfIndex(L2State memory s, uint64 index) internal pure returns (address) {
        (bool present, bytes32 value) = s.tree.read(StateKeys.indexKey(index));
        if (!present) revert E.IndexLeafMissing(index);
        return StateKeys.valueToAddress(value);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Words (token balances, supplies, L1 addresses)

    /// @notice Reads a uint256 leaf (absent reads as 0).
    function readWord(L2State memory s, bytes32 key) internal pure returns (bool present, uint256 value) {
        bytes32 raw;
        (present, raw) = s.tree.read(key);
        value = uint256(raw);
    }

    /// @notice Writes a uint256 leaf; it must directly follow the read of `key`.
    function writeWord(L2State memory s, bytes32 key, uint256 value) internal pure {
        s.tree.write(key, bytes32(value));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Withdrawals (§2.3)

    /// @notice Appends the withdrawal leaf (withdrawalCount, sender, sender, l1Token, amount) through the
    /// witness's frontier, which must reproduce the current root. The caller has checked the capacity.
    function appendWithdrawal(L2State memory s, address sender, address l1Token, uint256 amount) internal pure {
        uint256 length = s.frontierLength;
        // A step appends at most one withdrawal: a second append would need another frontier.
        if (length != 32 || s.withdrawalAppended) revert E.WithdrawalFrontierLength(length, 32);
        bytes32[32] calldata frontier;
        uint256 offset = s.frontierOffset;
        assembly ("memory-safe") {
            frontier := offset
        }
        uint64 count = s.withdrawalCount;
        bytes32 leaf = WithdrawalTree.leafHash(count, sender, sender, l1Token, amount);
        s.withdrawalsRoot = WithdrawalTree.append(s.withdrawalsRoot, count, leaf, frontier);
        s.withdrawalCount = count + 1;
        s.withdrawalAppended = true;
    }
}
