// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {SparseMerkleTree} from "../../libraries/SparseMerkleTree.sol";
import {SparseMerkleTreeHarness} from "../SparseMerkleTreeHarness.sol";

/// @notice Fuzz tests of the tree's proof rules (docs/protocol.md §2.1), run by `hardhat test solidity`.
///         Proofs are built by hand for trees of one and two leaves, whose shapes are fully known.
contract SparseMerkleTreeFuzzTest {
    SparseMerkleTreeHarness private immutable TREE = new SparseMerkleTreeHarness();

    function _proof(bytes32[] memory siblings, uint8 kind, bytes32 key, bytes32 value)
        private
        pure
        returns (SparseMerkleTree.Proof memory p)
    {
        p.siblings = siblings;
        p.terminalKind = kind;
        p.leafKey = key;
        p.leafValue = value;
    }

    function _firstDifferingBit(bytes32 a, bytes32 b) private pure returns (uint256 p) {
        uint256 x = uint256(a) ^ uint256(b);
        p = 0;
        while (x >> (255 - p) == 0) p++;
    }

    /// @dev Inserting into the empty tree gives the leaf's hash; the leaf then proves itself.
    function testFuzz_insertIntoEmpty_rootIsLeafHash(bytes32 key, bytes32 value) public view {
        bytes32[] memory none = new bytes32[](0);
        bytes32 root = TREE.set(bytes32(0), key, value, _proof(none, 0, 0, 0));
        require(root == TREE.leafHash(key, value), "root of one leaf");
        (bool present, bytes32 got) = TREE.verify(root, key, _proof(none, 1, key, value));
        require(present && got == value, "inclusion");
    }

    /// @dev Two leaves: the second insert pushes both down to their first differing bit, and each leaf
    ///      is then provable with a sibling list of ZERO words and the other leaf's hash.
    function testFuzz_twoLeaves_bothProvable(bytes32 k1, bytes32 v1, bytes32 k2, bytes32 v2) public view {
        if (k1 == k2) return;
        bytes32 root = _twoLeafRoot(k1, v1, k2, v2);
        _checkIncluded(root, k1, v1, TREE.leafHash(k2, v2), _firstDifferingBit(k1, k2));
        _checkIncluded(root, k2, v2, TREE.leafHash(k1, v1), _firstDifferingBit(k1, k2));
    }

    function _twoLeafRoot(bytes32 k1, bytes32 v1, bytes32 k2, bytes32 v2) private view returns (bytes32) {
        bytes32[] memory none = new bytes32[](0);
        return TREE.set(TREE.leafHash(k1, v1), k2, v2, _proof(none, 1, k1, v1));
    }

    function _checkIncluded(bytes32 root, bytes32 key, bytes32 value, bytes32 otherLeaf, uint256 p) private view {
        bytes32[] memory siblings = new bytes32[](p + 1);
        siblings[p] = otherLeaf;
        (bool present, bytes32 got) = TREE.verify(root, key, _proof(siblings, 1, key, value));
        require(present && got == value, "leaf included");
    }

    /// @dev A proof with any sibling changed does not verify.
    function testFuzz_tamperedSibling_reverts(bytes32 k1, bytes32 v1, bytes32 k2, bytes32 v2, bytes32 junk)
        public
        view
    {
        if (k1 == k2 || junk == TREE.leafHash(k2, v2)) return;
        bytes32 root = _twoLeafRoot(k1, v1, k2, v2);
        bytes32[] memory siblings = new bytes32[](_firstDifferingBit(k1, k2) + 1);
        siblings[siblings.length - 1] = junk;
        try TREE.verify(root, k1, _proof(siblings, 1, k1, v1)) {
            revert("a tampered proof verified");
        } catch {}
    }

    /// @dev A wrong value for a present key does not verify.
    function testFuzz_wrongValue_reverts(bytes32 key, bytes32 value, bytes32 other) public view {
        if (value == other) return;
        bytes32[] memory none = new bytes32[](0);
        try TREE.verify(TREE.leafHash(key, value), key, _proof(none, 1, key, other)) {
            revert("a wrong value verified");
        } catch {}
    }

    /// @dev A key absent from a one-leaf tree is proven absent by that leaf as terminal.
    function testFuzz_exclusionByOtherLeaf(bytes32 present, bytes32 value, bytes32 absent) public view {
        if (present == absent) return;
        bytes32[] memory none = new bytes32[](0);
        (bool found,) = TREE.verify(TREE.leafHash(present, value), absent, _proof(none, 1, present, value));
        require(!found, "absent key reported present");
    }

    /// @dev Updating a leaf in place and updating it back restores the root.
    function testFuzz_updateAndRestore(bytes32 key, bytes32 value, bytes32 other) public view {
        bytes32[] memory none = new bytes32[](0);
        bytes32 root = TREE.leafHash(key, value);
        bytes32 changed = TREE.set(root, key, other, _proof(none, 1, key, value));
        require(TREE.set(changed, key, value, _proof(none, 1, key, other)) == root, "restored");
    }
}
