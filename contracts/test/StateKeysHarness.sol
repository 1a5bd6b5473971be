// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {StateKeys} from "../libraries/StateKeys.sol";

/// @notice Exposes StateKeys to tests; `derive` computes every derivation of a batch of inputs at once.
contract StateKeysHarness {
    /// @notice Every key and token-address derivation of one (a, b, index) input.
    struct Derived {
        bytes32 accountKey;
        bytes32 indexKey;
        bytes32 tokenBalanceKey;
        bytes32 tokenL1AddressKey;
        bytes32 tokenSupplyKey;
        address tokenAddress;
        bool isToken;
    }

    function derive(address[] calldata a, address[] calldata b, uint64[] calldata indices)
        external
        pure
        returns (Derived[] memory out)
    {
        out = new Derived[](a.length);
        for (uint256 i; i < a.length; ++i) {
            out[i] = Derived({
                accountKey: StateKeys.accountKey(a[i]),
                indexKey: StateKeys.indexKey(indices[i]),
                tokenBalanceKey: StateKeys.tokenBalanceKey(a[i], b[i]),
                tokenL1AddressKey: StateKeys.tokenL1AddressKey(a[i]),
                tokenSupplyKey: StateKeys.tokenSupplyKey(a[i]),
                tokenAddress: StateKeys.tokenAddress(a[i]),
                isToken: StateKeys.isToken(a[i])
            });
        }
    }

    function packAccount(uint128 balance, uint64 nonce, uint64 index) external pure returns (bytes32) {
        return StateKeys.packAccount(balance, nonce, index);
    }

    function unpackAccount(bytes32 value) external pure returns (uint128 balance, uint64 nonce, uint64 index) {
        return StateKeys.unpackAccount(value);
    }

    function addressToValue(address account) external pure returns (bytes32) {
        return StateKeys.addressToValue(account);
    }

    function valueToAddress(bytes32 value) external pure returns (address) {
        return StateKeys.valueToAddress(value);
    }

    /// @notice accountKey with dirty upper bits on the address word (assembly must clean them).
    function accountKeyDirty(uint256 word) external pure returns (bytes32 key) {
        address account;
        assembly {
            account := word
        }
        return StateKeys.accountKey(account);
    }

    function gasAccountKey(address account) external view returns (bytes32 key, uint256 gasUsed) {
        uint256 before = gasleft();
        key = StateKeys.accountKey(account);
        gasUsed = before - gasleft();
    }

    function gasTokenBalanceKey(address token, address owner) external view returns (bytes32 key, uint256 gasUsed) {
        uint256 before = gasleft();
        key = StateKeys.tokenBalanceKey(token, owner);
        gasUsed = before - gasleft();
    }
}
