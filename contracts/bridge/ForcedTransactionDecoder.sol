// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IForcedTransactionErrors as E} from "../interfaces/IForcedTransactionErrors.sol";
import {MAX_RAW_TX_BYTES, MAX_TX_DATA_BYTES, QUEUE_KIND_FORCED_TX} from "../libraries/Constants.sol";
import {TransactionHashing} from "../libraries/TransactionHashing.sol";

/// @notice A forced transaction's fields as they enter its queue entry (docs/protocol.md §4 kind 3).
/// @dev For a legacy transaction tip = maxFee = gasPrice and txType = 0. The data is not copied: it stays
/// in calldata at [dataOffset, dataOffset + dataLength).
struct ForcedTransaction {
    uint8 txType;
    uint64 nonce;
    uint256 tip;
    uint256 maxFee;
    uint64 gasLimit;
    address to;
    uint256 value;
    uint8 yParity;
    uint256 r;
    uint256 s;
    uint256 dataOffset;
    uint256 dataLength;
}

/// @title ForcedTransactionDecoder
/// @notice Strict decoder of raw signed L2 transactions for Bridge.forceTransaction (docs/protocol.md §5.1):
/// EIP-1559 (0x02 ‖ rlp([chainId, nonce, tip, maxFee, gasLimit, to, value, data, accessList, yParity, r, s]))
/// and legacy EIP-155 (rlp([nonce, gasPrice, gasLimit, to, value, data, v, r, s]), v = 2·chainId + 35 +
/// yParity). Every accepted input has exactly one encoding: canonical RLP only (minimal lengths, single bytes
/// below 0x80 unwrapped, integers without leading zero bytes, no trailing bytes). The chain id must be the
/// L2's, `to` 20 bytes, the access list empty, nonce and gasLimit 64-bit, data at most MAX_TX_DATA_BYTES.
/// Signatures are checked for range only (r, s in [1, n-1], s <= n/2, §5.1); whether one recovers a funded
/// sender is the state transition's business (§3.4).
/// @dev Reads the raw bytes in place in calldata. Mirrors packages/protocol/src/tx/decodeTransaction.ts.
library ForcedTransactionDecoder {
    uint256 private constant EIP1559_FIELDS = 12;
    uint256 private constant LEGACY_FIELDS = 9;

    /// @dev Payload bounds of the envelope's fields; for the access list, `end - start` is its payload.
    struct Fields {
        uint256[EIP1559_FIELDS] start;
        uint256[EIP1559_FIELDS] end;
    }

    /// @notice Decodes and checks `raw` for L2 chain `chainId`; reverts with an IForcedTransactionErrors error.
    function decode(bytes calldata raw, uint64 chainId) internal pure returns (ForcedTransaction memory t) {
        if (raw.length > MAX_RAW_TX_BYTES) revert E.RawTransactionTooLarge(raw.length, MAX_RAW_TX_BYTES);
        if (raw.length == 0) revert E.EmptyRawTransaction();
        uint8 first = uint8(raw[0]);
        if (first == 0x02) {
            _decodeEip1559(raw, chainId, t);
        } else if (first < 0x80) {
            revert E.UnsupportedTransactionType(first);
        } else if (first < 0xc0) {
            revert E.RlpWrongItemKind(0);
        } else {
            _decodeLegacy(raw, chainId, t);
        }
    }

    /// @notice The queue entry dataHash of a forced transaction sent by `from` (docs/protocol.md §4):
    /// keccak256(abi.encode(uint8 3, from, uint8 txType, uint64 nonce, uint256 tip, uint256 maxFee,
    /// uint64 gasLimit, address to, uint256 value, bytes data, uint8 yParity, uint256 r, uint256 s)).
    /// @dev Encoded by hand: 13 head words (data's is its offset, 13 · 32), then data's length and bytes,
    /// zero-padded to a whole word.
    function dataHash(address from, ForcedTransaction memory t) internal pure returns (bytes32 hash) {
        uint8 kind = QUEUE_KIND_FORCED_TX;
        assembly ("memory-safe") {
            let p := mload(0x40)
            mstore(p, kind)
            mstore(add(p, 0x20), from)
            mstore(add(p, 0x40), mload(t)) // txType
            mstore(add(p, 0x60), mload(add(t, 0x20))) // nonce
            mstore(add(p, 0x80), mload(add(t, 0x40))) // tip
            mstore(add(p, 0xa0), mload(add(t, 0x60))) // maxFee
            mstore(add(p, 0xc0), mload(add(t, 0x80))) // gasLimit
            mstore(add(p, 0xe0), mload(add(t, 0xa0))) // to
            mstore(add(p, 0x100), mload(add(t, 0xc0))) // value
            mstore(add(p, 0x120), 0x1a0) // offset of data
            mstore(add(p, 0x140), mload(add(t, 0xe0))) // yParity
            mstore(add(p, 0x160), mload(add(t, 0x100))) // r
            mstore(add(p, 0x180), mload(add(t, 0x120))) // s
            let dataLength := mload(add(t, 0x160))
            mstore(add(p, 0x1a0), dataLength)
            mstore(add(add(p, 0x1c0), dataLength), 0) // the padding, before the copy overwrites its start
            calldatacopy(add(p, 0x1c0), mload(add(t, 0x140)), dataLength)
            hash := keccak256(p, add(0x1c0, and(add(dataLength, 31), not(31))))
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // Envelopes

    function _decodeEip1559(bytes calldata raw, uint64 chainId, ForcedTransaction memory t) private pure {
        Fields memory f = _readFields(raw, 1, EIP1559_FIELDS, 8);
        if (_uint(raw, f, 0, 8) != chainId) revert E.WrongChainId();
        t.txType = 2;
        t.nonce = uint64(_uint(raw, f, 1, 8));
        t.tip = _uint(raw, f, 2, 32);
        t.maxFee = _uint(raw, f, 3, 32);
        t.gasLimit = uint64(_uint(raw, f, 4, 8));
        t.to = _to(raw, f, 5);
        t.value = _uint(raw, f, 6, 32);
        _data(raw, f, 7, t);
        if (f.end[8] != f.start[8]) revert E.AccessListNotEmpty();
        uint256 parity = _uint(raw, f, 9, 1);
        if (parity > 1) revert E.InvalidTransactionField(9);
        t.yParity = uint8(parity);
        t.r = _uint(raw, f, 10, 32);
        t.s = _uint(raw, f, 11, 32);
        if (t.tip > t.maxFee) revert E.TipAboveMaxFee();
        _checkSignature(t);
    }

    function _decodeLegacy(bytes calldata raw, uint64 chainId, ForcedTransaction memory t) private pure {
        Fields memory f = _readFields(raw, 0, LEGACY_FIELDS, type(uint256).max);
        t.txType = 0;
        t.nonce = uint64(_uint(raw, f, 0, 8));
        t.tip = _uint(raw, f, 1, 32);
        t.maxFee = t.tip;
        t.gasLimit = uint64(_uint(raw, f, 2, 8));
        t.to = _to(raw, f, 3);
        t.value = _uint(raw, f, 4, 32);
        _data(raw, f, 5, t);
        uint256 v = _uint(raw, f, 6, 32);
        if (v == 27 || v == 28) revert E.NotReplayProtected();
        if (v < 35) revert E.InvalidTransactionField(6);
        // chainId < 2^64, so no overflow; v - base must be the parity, 0 or 1.
        uint256 base = 2 * uint256(chainId) + 35;
        if (v < base || v - base > 1) revert E.WrongChainId();
        t.yParity = uint8(v - base);
        t.r = _uint(raw, f, 7, 32);
        t.s = _uint(raw, f, 8, 32);
        _checkSignature(t);
    }

    /// @dev The signature rules of docs/protocol.md §5.1, so that every queued forced transaction is one the
    /// RPC would also accept: r and s in [1, n-1] and s <= n/2.
    function _checkSignature(ForcedTransaction memory t) private pure {
        if (t.r == 0 || t.r >= TransactionHashing.SECP256K1_N || t.s == 0 || t.s > TransactionHashing.SECP256K1_HALF_N) {
            revert E.InvalidSignature();
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // Structure

    /// @dev Reads the list at `offset`, which must fill the rest of `raw` exactly, and the bounds of its
    /// fields: there must be exactly `expected` of them, each a string except field `listField`, which must
    /// be a list; integer fields (all but `to` and data) must not start with a zero byte.
    function _readFields(bytes calldata raw, uint256 offset, uint256 expected, uint256 listField)
        private
        pure
        returns (Fields memory f)
    {
        uint256 p;
        uint256 end;
        {
            (uint256 start, uint256 listEnd, bool isList) = _readItem(raw, offset, raw.length);
            if (!isList) revert E.RlpWrongItemKind(offset);
            if (listEnd != raw.length) revert E.RlpTrailingBytes(listEnd);
            p = start;
            end = listEnd;
        }
        // Fields that are strings but not integers: `to` and data (5 and 7 for EIP-1559, 3 and 5 for legacy).
        uint256 notInteger = expected == EIP1559_FIELDS ? (1 << 5) | (1 << 7) : (1 << 3) | (1 << 5);
        uint256 count;
        while (p < end) {
            (uint256 s, uint256 e, bool list) = _readItem(raw, p, end);
            if (count < expected) {
                if (list != (count == listField)) revert E.RlpWrongItemKind(p);
                if (!list && (notInteger >> count) & 1 == 0 && e > s && raw[s] == 0) {
                    revert E.LeadingZeroInteger(count);
                }
                f.start[count] = s;
                f.end[count] = e;
            }
            p = e;
            ++count;
        }
        if (count != expected) revert E.WrongFieldCount(count, expected);
    }

    /// @dev The payload bounds of the RLP item at `offset`, which must end at or before `limit`, with its
    /// header checked for canonical form. Offsets are absolute positions in `raw`.
    function _readItem(bytes calldata raw, uint256 offset, uint256 limit)
        private
        pure
        returns (uint256 start, uint256 end, bool isList)
    {
        if (offset >= limit) revert E.RlpTruncated(offset);
        uint256 prefix = uint8(raw[offset]);
        if (prefix < 0x80) return (offset, offset + 1, false);
        isList = prefix >= 0xc0;
        uint256 short = prefix - (isList ? 0xc0 : 0x80);
        if (short <= 55) {
            start = offset + 1;
            end = start + short;
            if (end > limit) revert E.RlpTruncated(offset);
            if (!isList && short == 1 && uint8(raw[start]) < 0x80) revert E.RlpNonCanonicalSingleByte(offset);
        } else {
            uint256 lengthOfLength = short - 55; // 1 to 8
            start = offset + 1 + lengthOfLength;
            if (start > limit) revert E.RlpTruncated(offset);
            if (raw[offset + 1] == 0) revert E.RlpLeadingZeroLength(offset);
            uint256 length = uint256(bytes32(raw[offset + 1:start])) >> (256 - 8 * lengthOfLength);
            if (length > limit - start) revert E.RlpTruncated(offset);
            if (length <= 55) revert E.RlpNonCanonicalLength(offset);
            end = start + length;
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // Fields

    /// @dev Integer field `i`, at most `maxBytes` wide (leading zeros were refused by _readFields).
    function _uint(bytes calldata raw, Fields memory f, uint256 i, uint256 maxBytes) private pure returns (uint256) {
        uint256 start = f.start[i];
        uint256 length = f.end[i] - start;
        if (length > maxBytes) revert E.InvalidTransactionField(i);
        if (length == 0) return 0;
        return uint256(bytes32(raw[start:start + length])) >> (256 - 8 * length);
    }

    function _to(bytes calldata raw, Fields memory f, uint256 i) private pure returns (address) {
        uint256 start = f.start[i];
        uint256 length = f.end[i] - start;
        if (length == 0) revert E.ContractCreation();
        if (length != 20) revert E.InvalidTransactionField(i);
        return address(bytes20(raw[start:start + 20]));
    }

    /// @dev Records where data field `i` lies. Field bounds are positions in `raw`; the stored offset is
    /// absolute in calldata (for calldatacopy).
    function _data(bytes calldata raw, Fields memory f, uint256 i, ForcedTransaction memory t) private pure {
        uint256 length = f.end[i] - f.start[i];
        if (length > MAX_TX_DATA_BYTES) revert E.TransactionDataTooLarge(length, MAX_TX_DATA_BYTES);
        uint256 base;
        assembly ("memory-safe") {
            base := raw.offset
        }
        t.dataLength = length;
        t.dataOffset = base + f.start[i];
    }
}
