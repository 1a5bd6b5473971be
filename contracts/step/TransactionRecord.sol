// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {BatchData} from "../libraries/BatchData.sol";
import {L2_BRIDGE_ADDRESS, MAX_TX_DATA_BYTES} from "../libraries/Constants.sol";
import {BlockStep} from "./BlockStep.sol";

/// @notice A transaction record of batch data (docs/protocol.md §6.3) with its fee entry, address
/// references still unresolved.
/// @param kind 0 ETH transfer, 1 token transfer, 2 ETH withdrawal, 3 any call
/// @param yParity bit 7 of the tag
/// @param txType the fee entry's type (0 legacy, 2 EIP-1559)
/// @param gasLimit the fee entry's gas limit
/// @param tip the fee entry's maxPriorityFeePerGas (a legacy entry's gas price)
/// @param maxFee the fee entry's maxFeePerGas (a legacy entry's gas price)
/// @param nonce the signed nonce
/// @param toIndex the account index `to` names, 0 for a literal address (kind 2: always 0)
/// @param to the literal `to` (L2_BRIDGE_ADDRESS for kind 2; unset when toIndex != 0)
/// @param recipientIndex kind 1: the account index the recipient reference names, 0 for a literal
/// @param recipient kind 1: the literal recipient (unset when recipientIndex != 0)
/// @param value the ETH value (0 for kind 1)
/// @param amount kind 1: the token amount
/// @param data kind 3: the call data (empty otherwise)
/// @param r the signature's r
/// @param s the signature's s
/// @param next the offset just past the record
struct TxRecord {
    uint256 kind;
    uint256 yParity;
    uint8 txType;
    uint64 gasLimit;
    uint256 tip;
    uint256 maxFee;
    uint64 nonce;
    uint64 toIndex;
    address to;
    uint64 recipientIndex;
    address recipient;
    uint256 value;
    uint256 amount;
    bytes data;
    uint256 r;
    uint256 s;
    uint256 next;
}

/// @title TransactionRecord
/// @notice Reads a transaction record and the fee entry it uses (docs/protocol.md §6.3), refusing every
/// malformation the step function halts on (§6.4).
/// @dev Mirrors readTxRecord and readFeeEntry (packages/protocol/src/codec/batchReader.ts) field by field,
/// in the same order, so it reads no byte the TypeScript reader does not (the witness covers those).
library TransactionRecord {
    using BatchData for BatchData.Reader;

    /// @dev A fee index of 31 in the tag means "the index is in the next byte" (and is then >= 31).
    uint256 private constant FEE_INDEX_ESCAPE = 31;
    uint256 private constant KIND_TOKEN_TRANSFER = 1;
    uint256 private constant KIND_WITHDRAWAL = 2;
    uint256 private constant KIND_CALL = 3;

    /// @notice The record at `offset` of a batch whose header declares `dictCount` fee entries; `ok` is
    /// false when it is malformed (the step halts), in which case `rec` is meaningless.
    function read(BatchData.Reader memory data, uint256 offset, uint256 dictCount)
        internal
        pure
        returns (TxRecord memory rec, bool ok)
    {
        uint256 tag;
        (tag, ok) = data.readByte(offset);
        if (!ok) return (rec, false);
        uint256 p = offset + 1;
        rec.yParity = tag >> 7;
        rec.kind = (tag >> 5) & 3;
        uint256 feeIndex = tag & 31;
        if (feeIndex == FEE_INDEX_ESCAPE) {
            (feeIndex, ok) = data.readByte(p);
            if (!ok || feeIndex < FEE_INDEX_ESCAPE) return (rec, false);
            p += 1;
        }
        if (feeIndex >= dictCount || !_readFeeEntry(data, feeIndex, rec)) return (rec, false);

        (rec.nonce, p, ok) = data.readVaruint(p);
        if (!ok) return (rec, false);
        uint256 kind = rec.kind;
        if (kind == KIND_WITHDRAWAL) {
            rec.to = L2_BRIDGE_ADDRESS;
        } else {
            (rec.toIndex, rec.to, p, ok) = data.readAddressRef(p);
            if (!ok) return (rec, false);
        }
        if (kind == KIND_TOKEN_TRANSFER) {
            (rec.recipientIndex, rec.recipient, p, ok) = data.readAddressRef(p);
            if (!ok) return (rec, false);
            (rec.amount, p, ok) = data.readCompact(p);
        } else {
            (rec.value, p, ok) = data.readCompact(p);
        }
        if (!ok) return (rec, false);
        if (kind == KIND_CALL) {
            uint64 length;
            (length, p, ok) = data.readVaruint(p);
            if (!ok || length > MAX_TX_DATA_BYTES) return (rec, false);
            (rec.data, p, ok) = data.readBytes(p, length);
            if (!ok) return (rec, false);
        }
        (rec.r, p, ok) = data.readUint(p, 32);
        if (!ok) return (rec, false);
        (rec.s, p, ok) = data.readUint(p, 32);
        if (!ok) return (rec, false);
        rec.next = p;
    }

    /// @dev Fee entry `feeIndex` (< dictCount) into `rec`: false if it runs past the data's end, its type is
    ///      neither 0 nor 2, or a type-0 entry's tip differs from its maxFee.
    function _readFeeEntry(BatchData.Reader memory data, uint256 feeIndex, TxRecord memory rec)
        private
        pure
        returns (bool)
    {
        uint256 at = BlockStep.BATCH_HEADER_BYTES + BlockStep.FEE_ENTRY_BYTES * feeIndex;
        if (at + BlockStep.FEE_ENTRY_BYTES > data.dataLength) return false;
        // Inside the data from here on: every read below is found.
        (uint256 txType,,) = data.readUint(at, 1);
        if (txType != 0 && txType != 2) return false;
        (uint256 gasLimit,,) = data.readUint(at + 1, 4);
        (rec.tip,,) = data.readUint(at + 5, 16);
        (rec.maxFee,,) = data.readUint(at + 21, 16);
        if (txType == 0 && rec.tip != rec.maxFee) return false;
        rec.txType = uint8(txType);
        rec.gasLimit = uint64(gasLimit);
        return true;
    }
}
