// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {WithdrawalTree} from "../libraries/WithdrawalTree.sol";

/// @notice Exposes WithdrawalTree to tests, with gas probes.
contract WithdrawalTreeHarness {
    function leafHash(uint256 index, address l2Sender, address l1Recipient, address l1Token, uint256 amount)
        external
        pure
        returns (bytes32)
    {
        return WithdrawalTree.leafHash(index, l2Sender, l1Recipient, l1Token, amount);
    }

    function append(bytes32 root, uint256 count, bytes32 leaf, bytes32[32] calldata frontier)
        external
        pure
        returns (bytes32)
    {
        return WithdrawalTree.append(root, count, leaf, frontier);
    }

    function computeRoot(uint256 index, bytes32 leaf, bytes32[32] calldata siblings) external pure returns (bytes32) {
        return WithdrawalTree.computeRoot(index, leaf, siblings);
    }

    function verifyInclusion(bytes32 root, uint256 index, bytes32 leaf, bytes32[32] calldata siblings)
        external
        pure
        returns (bool)
    {
        return WithdrawalTree.verifyInclusion(root, index, leaf, siblings);
    }

    function zeroHash(uint256 height) external pure returns (bytes32) {
        return WithdrawalTree.zeroHash(height);
    }

    function emptyRoot() external pure returns (bytes32) {
        return WithdrawalTree.EMPTY_ROOT;
    }

    function gasAppend(bytes32 root, uint256 count, bytes32 leaf, bytes32[32] calldata frontier)
        external
        view
        returns (bytes32 newRoot, uint256 gasUsed)
    {
        uint256 before = gasleft();
        newRoot = WithdrawalTree.append(root, count, leaf, frontier);
        gasUsed = before - gasleft();
    }

    function gasVerifyInclusion(bytes32 root, uint256 index, bytes32 leaf, bytes32[32] calldata siblings)
        external
        view
        returns (bool included, uint256 gasUsed)
    {
        uint256 before = gasleft();
        included = WithdrawalTree.verifyInclusion(root, index, leaf, siblings);
        gasUsed = before - gasleft();
    }
}
