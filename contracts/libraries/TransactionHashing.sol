// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title TransactionHashing
/// @notice Signing hashes of the two transaction envelopes Halcyon accepts (docs/protocol.md §5.2) and
///         sender recovery with the signature rules of §3.4 step 1.
///         - EIP-1559: `keccak(0x02 ‖ rlp([chainId, nonce, tip, maxFee, gasLimit, to, value, data, []]))`
///         - legacy EIP-155: `keccak(rlp([nonce, gasPrice, gasLimit, to, value, data, chainId, 0, 0]))`,
///           with `gasPrice = maxFee`.
/// @dev    The RLP payload is written once, straight into free memory past the free memory pointer
///         (which is not advanced): fields first, from a fixed start that leaves room for the list
///         header, then the header right before them once the payload length is known.
library TransactionHashing {
    /// @notice The fields a sender signs.
    /// @param txType   TYPE_LEGACY (0) or TYPE_EIP1559 (2).
    /// @param chainId  The chain id signed for (EIP-155 for legacy).
    /// @param tip      maxPriorityFeePerGas; not part of a legacy transaction (there `tip = maxFee`).
    /// @param maxFee   maxFeePerGas; a legacy transaction's gasPrice.
    /// @param to       The recipient (contract creation does not exist on Halcyon).
    struct Fields {
        uint8 txType;
        uint256 chainId;
        uint64 nonce;
        uint256 tip;
        uint256 maxFee;
        uint64 gasLimit;
        address to;
        uint256 value;
        bytes data;
    }

    /// @notice Type of a legacy EIP-155 transaction.
    uint8 internal constant TYPE_LEGACY = 0;
    /// @notice Type of an EIP-1559 transaction.
    uint8 internal constant TYPE_EIP1559 = 2;
    /// @notice Order of the secp256k1 group.
    uint256 internal constant SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141;
    /// @notice Largest `s` accepted (EIP-2 low-s): floor(n / 2).
    uint256 internal constant SECP256K1_HALF_N = SECP256K1_N >> 1;

    /// @notice A transaction type other than TYPE_LEGACY or TYPE_EIP1559.
    /// @param txType The type given.
    error UnsupportedTransactionType(uint8 txType);
    /// @notice The call to the ecrecover precompile itself failed (out of gas). Reverting, rather than
    ///         reporting "no sender", keeps a step's outcome independent of the gas it is given.
    error EcrecoverCallFailed();

    /// @notice The signing hash of `fields` (§5.2). Reverts for an unsupported type.
    function signingHash(Fields memory fields) internal pure returns (bytes32 h) {
        uint8 txType = fields.txType;
        if (txType != TYPE_EIP1559 && txType != TYPE_LEGACY) revert UnsupportedTransactionType(txType);
        assembly ("memory-safe") {
            // Bytes of a nonzero integer's minimal big-endian form: 1 + msb(v) / 8, by binary search.
            function byteLength(v) -> n {
                let r := shl(7, gt(v, 0xffffffffffffffffffffffffffffffff))
                r := or(r, shl(6, gt(shr(r, v), 0xffffffffffffffff)))
                r := or(r, shl(5, gt(shr(r, v), 0xffffffff)))
                r := or(r, shl(4, gt(shr(r, v), 0xffff)))
                r := or(r, shl(3, gt(shr(r, v), 0xff)))
                n := add(shr(3, r), 1)
            }
            // RLP of an integer at p: 0x80 for zero, the byte itself below 0x80, else 0x80+n ‖ n bytes.
            function writeUint(p, v) -> q {
                if lt(v, 0x80) {
                    mstore8(p, or(v, shl(7, iszero(v))))
                    q := add(p, 1)
                    leave
                }
                let n := byteLength(v)
                mstore8(p, add(0x80, n))
                // A whole word is written; the bytes past the integer are overwritten by what follows.
                mstore(add(p, 1), shl(sub(256, shl(3, n)), v))
                q := add(p, add(1, n))
            }
            // RLP of the byte string `data` (a memory bytes pointer) at p.
            function writeBytes(p, data) -> q {
                let n := mload(data)
                let first := byte(0, mload(add(data, 0x20)))
                if and(eq(n, 1), lt(first, 0x80)) {
                    mstore8(p, first)
                    q := add(p, 1)
                    leave
                }
                switch lt(n, 56)
                case 1 {
                    mstore8(p, add(0x80, n))
                    q := add(p, 1)
                }
                default {
                    let k := byteLength(n)
                    mstore8(p, add(0xb7, k))
                    mstore(add(p, 1), shl(sub(256, shl(3, k)), n))
                    q := add(p, add(1, k))
                }
                mcopy(q, add(data, 0x20), n)
                q := add(q, n)
            }

            // The payload starts 10 bytes in: room for the type byte and a list header of up to 9 bytes.
            let start := add(mload(0x40), 10)
            let p := start
            let legacy := iszero(and(mload(fields), 0xff))
            let chainId := mload(add(fields, 0x20))
            let nonce := and(mload(add(fields, 0x40)), 0xffffffffffffffff)
            switch legacy
            case 0 {
                p := writeUint(p, chainId)
                p := writeUint(p, nonce)
                p := writeUint(p, mload(add(fields, 0x60))) // tip
            }
            default { p := writeUint(p, nonce) }
            p := writeUint(p, mload(add(fields, 0x80))) // maxFee, or gasPrice
            p := writeUint(p, and(mload(add(fields, 0xa0)), 0xffffffffffffffff)) // gasLimit
            mstore8(p, 0x94) // to: a 20-byte string
            mstore(add(p, 1), shl(96, mload(add(fields, 0xc0))))
            p := add(p, 21)
            p := writeUint(p, mload(add(fields, 0xe0))) // value
            p := writeBytes(p, mload(add(fields, 0x100))) // data
            switch legacy
            case 0 {
                mstore8(p, 0xc0) // empty access list
                p := add(p, 1)
            }
            default {
                // EIP-155: chainId, 0, 0
                p := writeUint(p, chainId)
                mstore8(p, 0x80)
                mstore8(add(p, 1), 0x80)
                p := add(p, 2)
            }

            // List header, written backwards from just before the payload.
            let len := sub(p, start)
            let s := sub(start, 1)
            switch lt(len, 56)
            case 1 { mstore8(s, add(0xc0, len)) }
            default {
                let k := byteLength(len)
                for { let i := 0 } lt(i, k) { i := add(i, 1) } { mstore8(sub(s, i), shr(shl(3, i), len)) }
                s := sub(s, k)
                mstore8(s, add(0xf7, k))
            }
            if iszero(legacy) {
                s := sub(s, 1)
                mstore8(s, 0x02)
            }
            h := keccak256(s, sub(p, s))
        }
    }

    /// @notice The address that signed `digest`, with ecrecover semantics and the rules of §3.4 step 1:
    ///         address(0) if `yParity > 1`, `r` or `s` is 0 or at least the group order, `s > n/2`, or no
    ///         key recovers. Reverts only if the precompile call itself fails (EcrecoverCallFailed).
    function recover(bytes32 digest, uint256 yParity, uint256 r, uint256 s) internal view returns (address signer) {
        if (yParity > 1 || r == 0 || r >= SECP256K1_N || s == 0 || s > SECP256K1_HALF_N) return address(0);
        bool success;
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, digest)
            mstore(add(m, 0x20), add(27, yParity))
            mstore(add(m, 0x40), r)
            mstore(add(m, 0x60), s)
            // The precompile returns nothing when no key recovers: read a cleared word then.
            mstore(0x00, 0)
            success := staticcall(gas(), 0x01, m, 0x80, 0x00, 0x20)
            signer := mload(0x00)
        }
        if (!success) revert EcrecoverCallFailed();
    }

    /// @notice The sender of a transaction: `recover(signingHash(fields), yParity, r, s)`.
    function sender(Fields memory fields, uint256 yParity, uint256 r, uint256 s) internal view returns (address) {
        return recover(signingHash(fields), yParity, r, s);
    }
}
