// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {WITHDRAWAL_TREE_DEPTH} from "./Constants.sol";

/// @title WithdrawalTree
/// @notice The append-only withdrawals tree of docs/protocol.md §2.3: a fixed-depth-32 Merkle tree
///         with ZERO in every unused leaf, `H(a, b) = keccak(a ‖ b)`, appended to through its frontier
///         (by the StepVerifier) and proven into (by the Bridge's finalizeWithdrawal).
/// @dev    Hashing runs in scratch memory and past the free memory pointer, which is never advanced.
library WithdrawalTree {
    /// @notice Leaves the tree can hold: 2^WITHDRAWAL_TREE_DEPTH.
    uint256 internal constant CAPACITY = 1 << WITHDRAWAL_TREE_DEPTH;
    /// @notice Root of the empty tree, `zero[32]` (the genesis `withdrawalsRoot`, §2.4).
    bytes32 internal constant EMPTY_ROOT = 0x27ae5ba08d7291c96c8cbddcc148bf48a6d68c7974b94356f53754ef6171d757;

    /// @notice An append to a tree that already holds 2^32 leaves.
    /// @param count The tree's leaf count.
    error TreeFull(uint256 count);
    /// @notice The frontier given for an append does not reproduce the tree's current root.
    /// @param root     The current root.
    /// @param computed The root the frontier folds to.
    error FrontierMismatch(bytes32 root, bytes32 computed);
    /// @notice `zeroHash` was asked for a height above the tree's depth.
    /// @param height The height asked for.
    error HeightOutOfRange(uint256 height);

    /// @notice Leaf `index` of the tree:
    ///         `keccak(abi.encode(uint256 index, address l2Sender, address l1Recipient, address l1Token, uint256 amount))`,
    ///         with `l1Token = address(0)` for ETH.
    function leafHash(uint256 index, address l2Sender, address l1Recipient, address l1Token, uint256 amount)
        internal
        pure
        returns (bytes32 h)
    {
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, index)
            mstore(add(m, 0x20), shr(96, shl(96, l2Sender)))
            mstore(add(m, 0x40), shr(96, shl(96, l1Recipient)))
            mstore(add(m, 0x60), shr(96, shl(96, l1Token)))
            mstore(add(m, 0x80), amount)
            h := keccak256(m, 0xa0)
        }
    }

    /// @notice The root after appending `leaf` as leaf number `count` to the tree whose root is `root`.
    ///         Reverts with FrontierMismatch unless the frontier reproduces `root`, and with TreeFull when
    ///         `count` is 2^32 or more.
    /// @param frontier For each height h whose bit is set in `count`, `frontier[h]` is the root of the
    ///                 full left subtree at that height; entries at heights whose bit is clear are
    ///                 ignored (any value).
    function append(bytes32 root, uint256 count, bytes32 leaf, bytes32[32] calldata frontier)
        internal
        pure
        returns (bytes32 newRoot)
    {
        if (count >= CAPACITY) revert TreeFull(count);
        bytes32[32] memory table = _zeros();
        bytes32 current;
        assembly ("memory-safe") {
            // Fold ZERO (giving the current root) and the leaf (giving the new one) up together:
            // bit h of count set: H(frontier[h], cur); clear: H(cur, zero[h]).
            for { let h := 0 } lt(h, WITHDRAWAL_TREE_DEPTH) { h := add(h, 1) } {
                switch and(shr(h, count), 1)
                case 0 {
                    mstore(0x20, mload(add(table, shl(5, h))))
                    mstore(0x00, current)
                    current := keccak256(0x00, 0x40)
                    mstore(0x00, leaf)
                    leaf := keccak256(0x00, 0x40)
                }
                default {
                    mstore(0x00, calldataload(add(frontier, shl(5, h))))
                    mstore(0x20, current)
                    current := keccak256(0x00, 0x40)
                    mstore(0x20, leaf)
                    leaf := keccak256(0x00, 0x40)
                }
            }
            newRoot := leaf
        }
        if (current != root) revert FrontierMismatch(root, current);
    }

    /// @notice The root of a tree holding `leaf` at `index`, given its siblings bottom-up
    ///         (`siblings[h]` is the sibling at height h). Only the low 32 bits of `index` are used.
    function computeRoot(uint256 index, bytes32 leaf, bytes32[32] calldata siblings) internal pure returns (bytes32 node) {
        assembly ("memory-safe") {
            node := leaf
            for { let h := 0 } lt(h, WITHDRAWAL_TREE_DEPTH) { h := add(h, 1) } {
                let o := shl(5, and(shr(h, index), 1))
                mstore(o, node)
                mstore(xor(o, 0x20), calldataload(add(siblings, shl(5, h))))
                node := keccak256(0x00, 0x40)
            }
        }
    }

    /// @notice Whether `leaf` is leaf number `index` of the tree with root `root`, by its siblings
    ///         bottom-up. False for an index of 2^32 or more.
    function verifyInclusion(bytes32 root, uint256 index, bytes32 leaf, bytes32[32] calldata siblings)
        internal
        pure
        returns (bool)
    {
        return index < CAPACITY && computeRoot(index, leaf, siblings) == root;
    }

    /// @notice `zero[height]`: the root of an empty subtree of that height (`zero[0] = ZERO`,
    ///         `zero[h+1] = H(zero[h], zero[h])`), for height 0..32.
    function zeroHash(uint256 height) internal pure returns (bytes32) {
        if (height > WITHDRAWAL_TREE_DEPTH) revert HeightOutOfRange(height);
        if (height == WITHDRAWAL_TREE_DEPTH) return EMPTY_ROOT;
        return _zeros()[height];
    }

    /// @dev The table zero[0..31], written from constants (cheaper than hashing it again).
    function _zeros() private pure returns (bytes32[32] memory table) {
        assembly ("memory-safe") {
            let m := table
            mstore(add(m, 0x20), 0xad3228b676f7d3cd4284a5443f17f1962b36e491b30a40b2405849e597ba5fb5)
            mstore(add(m, 0x40), 0xb4c11951957c6f8f642c4af61cd6b24640fec6dc7fc607ee8206a99e92410d30)
            mstore(add(m, 0x60), 0x21ddb9a356815c3fac1026b6dec5df3124afbadb485c9ba5a3e3398a04b7ba85)
            mstore(add(m, 0x80), 0xe58769b32a1beaf1ea27375a44095a0d1fb664ce2dd358e7fcbfb78c26a19344)
            mstore(add(m, 0xa0), 0x0eb01ebfc9ed27500cd4dfc979272d1f0913cc9f66540d7e8005811109e1cf2d)
            mstore(add(m, 0xc0), 0x887c22bd8750d34016ac3c66b5ff102dacdd73f6b014e710b51e8022af9a1968)
            mstore(add(m, 0xe0), 0xffd70157e48063fc33c97a050f7f640233bf646cc98d9524c6b92bcf3ab56f83)
            mstore(add(m, 0x100), 0x9867cc5f7f196b93bae1e27e6320742445d290f2263827498b54fec539f756af)
            mstore(add(m, 0x120), 0xcefad4e508c098b9a7e1d8feb19955fb02ba9675585078710969d3440f5054e0)
            mstore(add(m, 0x140), 0xf9dc3e7fe016e050eff260334f18a5d4fe391d82092319f5964f2e2eb7c1c3a5)
            mstore(add(m, 0x160), 0xf8b13a49e282f609c317a833fb8d976d11517c571d1221a265d25af778ecf892)
            mstore(add(m, 0x180), 0x3490c6ceeb450aecdc82e28293031d10c7d73bf85e57bf041a97360aa2c5d99c)
            mstore(add(m, 0x1a0), 0xc1df82d9c4b87413eae2ef048f94b4d3554cea73d92b0f7af96e0271c691e2bb)
            mstore(add(m, 0x1c0), 0x5c67add7c6caf302256adedf7ab114da0acfe870d449a3a489f781d659e8becc)
            mstore(add(m, 0x1e0), 0xda7bce9f4e8618b6bd2f4132ce798cdc7a60e7e1460a7299e3c6342a579626d2)
            mstore(add(m, 0x200), 0x2733e50f526ec2fa19a22b31e8ed50f23cd1fdf94c9154ed3a7609a2f1ff981f)
            mstore(add(m, 0x220), 0xe1d3b5c807b281e4683cc6d6315cf95b9ade8641defcb32372f1c126e398ef7a)
            mstore(add(m, 0x240), 0x5a2dce0a8a7f68bb74560f8f71837c2c2ebbcbf7fffb42ae1896f13f7c7479a0)
            mstore(add(m, 0x260), 0xb46a28b6f55540f89444f63de0378e3d121be09e06cc9ded1c20e65876d36aa0)
            mstore(add(m, 0x280), 0xc65e9645644786b620e2dd2ad648ddfcbf4a7e5b1a3a4ecfe7f64667a3f0b7e2)
            mstore(add(m, 0x2a0), 0xf4418588ed35a2458cffeb39b93d26f18d2ab13bdce6aee58e7b99359ec2dfd9)
            mstore(add(m, 0x2c0), 0x5a9c16dc00d6ef18b7933a6f8dc65ccb55667138776f7dea101070dc8796e377)
            mstore(add(m, 0x2e0), 0x4df84f40ae0c8229d0d6069e5c8f39a7c299677a09d367fc7b05e3bc380ee652)
            mstore(add(m, 0x300), 0xcdc72595f74c7b1043d0e1ffbab734648c838dfb0527d971b602bc216c9619ef)
            mstore(add(m, 0x320), 0x0abf5ac974a1ed57f4050aa510dd9c74f508277b39d7973bb2dfccc5eeb0618d)
            mstore(add(m, 0x340), 0xb8cd74046ff337f0a7bf2c8e03e10f642c1886798d71806ab1e888d9e5ee87d0)
            mstore(add(m, 0x360), 0x838c5655cb21c6cb83313b5a631175dff4963772cce9108188b34ac87c81c41e)
            mstore(add(m, 0x380), 0x662ee4dd2dd7b2bc707961b1e646c4047669dcb6584f0d8d770daf5d7e7deb2e)
            mstore(add(m, 0x3a0), 0x388ab20e2573d171a88108e79d820e98f26c0b84aa8b2f4aa4968dbb818ea322)
            mstore(add(m, 0x3c0), 0x93237c50ba75ee485f4c22adf2f741400bdf8d6a9cc7df7ecae576221665d735)
            mstore(add(m, 0x3e0), 0x8448818bb4ae4562849e949e17ac16e0be16688e156b5cf15e098c627c0056a9)
        }
    }
}
