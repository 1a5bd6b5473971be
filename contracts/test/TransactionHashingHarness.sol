// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {TransactionHashing} from "../libraries/TransactionHashing.sol";

/// @notice Exposes TransactionHashing to tests, with gas probes.
contract TransactionHashingHarness {
    function signingHash(TransactionHashing.Fields memory fields) external pure returns (bytes32) {
        return TransactionHashing.signingHash(fields);
    }

    function signingHashes(TransactionHashing.Fields[] memory fields) external pure returns (bytes32[] memory hashes) {
        hashes = new bytes32[](fields.length);
        for (uint256 i; i < fields.length; ++i) {
            hashes[i] = TransactionHashing.signingHash(fields[i]);
        }
    }

    function recover(bytes32 digest, uint256 yParity, uint256 r, uint256 s) external view returns (address) {
        return TransactionHashing.recover(digest, yParity, r, s);
    }

    function sender(TransactionHashing.Fields memory fields, uint256 yParity, uint256 r, uint256 s)
        external
        view
        returns (address)
    {
        return TransactionHashing.sender(fields, yParity, r, s);
    }

    /// @notice Recovery with a fixed gas budget, to show that a starved precompile call reverts.
    function recoverWithGas(uint256 gasBudget, bytes32 digest, uint256 yParity, uint256 r, uint256 s)
        external
        view
        returns (bool success, bytes memory result)
    {
        return address(this).staticcall{gas: gasBudget}(abi.encodeCall(this.recover, (digest, yParity, r, s)));
    }

    function gasSigningHash(TransactionHashing.Fields memory fields)
        external
        view
        returns (bytes32 hash, uint256 gasUsed)
    {
        uint256 before = gasleft();
        hash = TransactionHashing.signingHash(fields);
        gasUsed = before - gasleft();
    }

    function gasSender(TransactionHashing.Fields memory fields, uint256 yParity, uint256 r, uint256 s)
        external
        view
        returns (address signer, uint256 gasUsed)
    {
        uint256 before = gasleft();
        signer = TransactionHashing.sender(fields, yParity, r, s);
        gasUsed = before - gasleft();
    }
}
