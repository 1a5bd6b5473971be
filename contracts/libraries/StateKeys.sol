// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {TOKEN_PREFIX} from "./Constants.sol";

/// @title StateKeys
/// @notice Leaf keys and values of Halcyon's state tree (docs/protocol.md §2.2), and the bridged-token
///         address rules. Each key is keccak of a one-byte tag and the leaf's identity, addresses as 20
///         bytes and indices as 8, so the key spaces cannot meet.
/// @dev    Keys are hashed in scratch memory (0x00-0x3f); nothing is allocated.
library StateKeys {
    /// @notice Tag of account keys: `keccak(0x01 ‖ address)`.
    uint8 internal constant TAG_ACCOUNT = 0x01;
    /// @notice Tag of account-index keys: `keccak(0x02 ‖ uint64 index)`.
    uint8 internal constant TAG_INDEX = 0x02;
    /// @notice Tag of token-balance keys: `keccak(0x03 ‖ token ‖ owner)`.
    uint8 internal constant TAG_TOKEN_BALANCE = 0x03;
    /// @notice Tag of token L1-address keys: `keccak(0x04 ‖ token)`.
    uint8 internal constant TAG_TOKEN_L1 = 0x04;
    /// @notice Tag of token-supply keys: `keccak(0x05 ‖ token)`.
    uint8 internal constant TAG_TOKEN_SUPPLY = 0x05;

    /// @notice Key of the account leaf of `account`: `keccak(0x01 ‖ account)` (21 bytes).
    function accountKey(address account) internal pure returns (bytes32 key) {
        assembly ("memory-safe") {
            // byte 0: the tag; bytes 1..20: the address.
            mstore(0x00, or(shl(248, 0x01), shr(8, shl(96, account))))
            key := keccak256(0x00, 21)
        }
    }

    /// @notice Key of the leaf holding the address of account number `index`: `keccak(0x02 ‖ uint64(index))`
    ///         (9 bytes).
    function indexKey(uint64 index) internal pure returns (bytes32 key) {
        assembly ("memory-safe") {
            mstore(0x00, or(shl(248, 0x02), shl(184, and(index, 0xffffffffffffffff))))
            key := keccak256(0x00, 9)
        }
    }

    /// @notice Key of `owner`'s balance of `token`: `keccak(0x03 ‖ token ‖ owner)` (41 bytes).
    function tokenBalanceKey(address token, address owner) internal pure returns (bytes32 key) {
        assembly ("memory-safe") {
            mstore(0x00, or(shl(248, 0x03), shr(8, shl(96, token))))
            // Bytes 21..40 (0x15..0x28); the word written reaches 0x34, still inside scratch space.
            mstore(0x15, shl(96, owner))
            key := keccak256(0x00, 41)
        }
    }

    /// @notice Key of the leaf holding the L1 address of bridged `token`: `keccak(0x04 ‖ token)`.
    function tokenL1AddressKey(address token) internal pure returns (bytes32 key) {
        assembly ("memory-safe") {
            mstore(0x00, or(shl(248, 0x04), shr(8, shl(96, token))))
            key := keccak256(0x00, 21)
        }
    }

    /// @notice Key of the total-supply leaf of bridged `token`: `keccak(0x05 ‖ token)`.
    function tokenSupplyKey(address token) internal pure returns (bytes32 key) {
        assembly ("memory-safe") {
            mstore(0x00, or(shl(248, 0x05), shr(8, shl(96, token))))
            key := keccak256(0x00, 21)
        }
    }

    /// @notice An account leaf's value: `balance (uint128) ‖ nonce (uint64) ‖ index (uint64)`.
    function packAccount(uint128 balance, uint64 nonce, uint64 index) internal pure returns (bytes32) {
        return bytes32((uint256(balance) << 128) | (uint256(nonce) << 64) | uint256(index));
    }

    /// @notice The fields of an account leaf's value (an absent account reads as all zero).
    function unpackAccount(bytes32 value) internal pure returns (uint128 balance, uint64 nonce, uint64 index) {
        balance = uint128(uint256(value) >> 128);
        nonce = uint64(uint256(value) >> 64);
        index = uint64(uint256(value));
    }

    /// @notice An address as a leaf value: left-padded with 12 zero bytes (index and L1-address leaves).
    function addressToValue(address account) internal pure returns (bytes32) {
        return bytes32(uint256(uint160(account)));
    }

    /// @notice The address in a leaf value written by `addressToValue` (its low 20 bytes).
    function valueToAddress(bytes32 value) internal pure returns (address) {
        return address(uint160(uint256(value)));
    }

    /// @notice The L2 address of the bridged token whose L1 address is `l1Token`:
    ///         `TOKEN_PREFIX ‖ keccak(l1Token)[16..32)`, hashing the 20-byte address.
    function tokenAddress(address l1Token) internal pure returns (address token) {
        bytes4 prefix = TOKEN_PREFIX;
        assembly ("memory-safe") {
            mstore(0x00, shl(96, l1Token))
            let low := and(keccak256(0x00, 20), 0xffffffffffffffffffffffffffffffff)
            token := or(shl(128, shr(224, prefix)), low)
        }
    }

    /// @notice Whether `account` is a bridged-token address: its first 4 bytes are TOKEN_PREFIX
    ///         (registered or not, §3.5).
    function isToken(address account) internal pure returns (bool) {
        return bytes4(bytes20(account)) == TOKEN_PREFIX;
    }
}
