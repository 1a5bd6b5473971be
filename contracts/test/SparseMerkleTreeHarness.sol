// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SparseMerkleTree} from "../libraries/SparseMerkleTree.sol";

/// @notice Exposes SparseMerkleTree to tests, with gas probes around single operations.
contract SparseMerkleTreeHarness {
    using SparseMerkleTree for SparseMerkleTree.Cursor;

    /// @notice One access of a cursor run: a read of `key`, or a write of `value` at `key`.
    struct Access {
        bool write;
        bytes32 key;
        bytes32 value;
    }

    function verify(bytes32 root, bytes32 key, SparseMerkleTree.Proof calldata proof)
        external
        pure
        returns (bool present, bytes32 value)
    {
        return SparseMerkleTree.verify(root, key, proof);
    }

    function set(bytes32 root, bytes32 key, bytes32 value, SparseMerkleTree.Proof calldata proof)
        external
        pure
        returns (bytes32)
    {
        return SparseMerkleTree.set(root, key, value, proof);
    }

    function rootAfterSet(bytes32 key, bytes32 value, SparseMerkleTree.Proof calldata proof)
        external
        pure
        returns (bytes32)
    {
        return SparseMerkleTree.rootAfterSet(key, value, proof);
    }

    function leafHash(bytes32 key, bytes32 value) external pure returns (bytes32) {
        return SparseMerkleTree.leafHash(key, value);
    }

    function internalHash(bytes32 left, bytes32 right) external pure returns (bytes32) {
        return SparseMerkleTree.internalHash(left, right);
    }

    /// @notice Runs `accesses` through a cursor over `proofs`; returns the final root, what each
    ///         access read (zero for writes), and the number of proofs consumed.
    function run(bytes32 root, SparseMerkleTree.Proof[] calldata proofs, Access[] calldata accesses)
        external
        pure
        returns (bytes32 newRoot, bool[] memory present, bytes32[] memory values, uint256 proofsUsed)
    {
        SparseMerkleTree.Cursor memory c = SparseMerkleTree.cursor(root, proofs);
        present = new bool[](accesses.length);
        values = new bytes32[](accesses.length);
        for (uint256 i; i < accesses.length; ++i) {
            Access calldata a = accesses[i];
            if (a.write) c.write(a.key, a.value);
            else (present[i], values[i]) = c.read(a.key);
        }
        return (c.root, present, values, c.nextProof);
    }

    function gasVerify(bytes32 root, bytes32 key, SparseMerkleTree.Proof calldata proof)
        external
        view
        returns (uint256 gasUsed)
    {
        uint256 before = gasleft();
        SparseMerkleTree.verify(root, key, proof);
        return before - gasleft();
    }

    function gasSet(bytes32 root, bytes32 key, bytes32 value, SparseMerkleTree.Proof calldata proof)
        external
        view
        returns (bytes32 newRoot, uint256 gasUsed)
    {
        uint256 before = gasleft();
        newRoot = SparseMerkleTree.set(root, key, value, proof);
        gasUsed = before - gasleft();
    }

    /// @notice Gas of a cursor read then write of `key` with `proofs[0]` (the pattern of every write).
    function gasReadWrite(bytes32 root, SparseMerkleTree.Proof[] calldata proofs, bytes32 key, bytes32 value)
        external
        view
        returns (bytes32 newRoot, uint256 gasUsed)
    {
        uint256 before = gasleft();
        SparseMerkleTree.Cursor memory c = SparseMerkleTree.cursor(root, proofs);
        c.read(key);
        c.write(key, value);
        gasUsed = before - gasleft();
        newRoot = c.root;
    }
}
