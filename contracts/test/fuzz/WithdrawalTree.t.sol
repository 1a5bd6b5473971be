// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {WithdrawalTreeHarness} from "../WithdrawalTreeHarness.sol";

/// @notice Fuzz tests of the append-only withdrawals tree (docs/protocol.md §2.3).
contract WithdrawalTreeFuzzTest {
    WithdrawalTreeHarness private immutable TREE = new WithdrawalTreeHarness();

    /// @dev Appending n leaves through the frontier gives a root in which every leaf is provable, and
    ///      no leaf is provable at another index.
    function testFuzz_appendThenProve(bytes32 seed, uint8 count) public view {
        uint256 n = uint256(count) % 9 + 1;
        bytes32[] memory leaves = new bytes32[](n);
        bytes32[32] memory frontier;
        bytes32 root = TREE.emptyRoot();
        for (uint256 i = 0; i < n; i++) {
            leaves[i] = keccak256(abi.encode(seed, i));
            root = TREE.append(root, i, leaves[i], frontier);
            // Carry the new leaf into the frontier as the tree fills.
            bytes32 node = leaves[i];
            uint256 h = 0;
            uint256 position = i;
            while (position & 1 == 1) {
                node = keccak256(abi.encodePacked(frontier[h], node));
                position >>= 1;
                h++;
            }
            frontier[h] = node;
        }
        for (uint256 i = 0; i < n; i++) {
            bytes32[32] memory siblings = _siblings(leaves, i);
            require(TREE.verifyInclusion(root, i, leaves[i], siblings), "leaf provable");
            require(!TREE.verifyInclusion(root, i + 1, leaves[i], siblings), "leaf provable elsewhere");
        }
    }

    /// @dev A frontier that does not reproduce the current root is refused.
    function testFuzz_badFrontier_reverts(bytes32 leaf, bytes32 junk) public view {
        bytes32[32] memory frontier;
        bytes32 root = TREE.append(TREE.emptyRoot(), 0, leaf, frontier);
        frontier[0] = junk;
        if (junk == leaf) return;
        try TREE.append(root, 1, leaf, frontier) {
            revert("a wrong frontier was accepted");
        } catch {}
    }

    function _siblings(bytes32[] memory leaves, uint256 index) private view returns (bytes32[32] memory out) {
        bytes32[] memory level = leaves;
        uint256 position = index;
        for (uint256 h = 0; h < 32; h++) {
            uint256 sibling = position ^ 1;
            out[h] = sibling < level.length ? level[sibling] : TREE.zeroHash(h);
            bytes32[] memory next = new bytes32[]((level.length + 1) / 2);
            for (uint256 i = 0; i < next.length; i++) {
                bytes32 right = 2 * i + 1 < level.length ? level[2 * i + 1] : TREE.zeroHash(h);
                next[i] = keccak256(abi.encodePacked(level[2 * i], right));
            }
            level = next;
            position >>= 1;
        }
    }
}
