// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IForcedTransactionErrors
/// @notice Why Bridge.forceTransaction refused a raw transaction (docs/protocol.md §5.1). Field numbers are
/// positions in the envelope's RLP list: EIP-1559 [0 chainId, 1 nonce, 2 tip, 3 maxFee, 4 gasLimit, 5 to,
/// 6 value, 7 data, 8 accessList, 9 yParity, 10 r, 11 s]; legacy [0 nonce, 1 gasPrice, 2 gasLimit, 3 to,
/// 4 value, 5 data, 6 v, 7 r, 8 s].
interface IForcedTransactionErrors {
    /// @notice The raw transaction is longer than MAX_RAW_TX_BYTES.
    error RawTransactionTooLarge(uint256 length, uint256 max);

    /// @notice The raw transaction is empty.
    error EmptyRawTransaction();

    /// @notice Only EIP-1559 (type 2) and legacy EIP-155 envelopes are accepted.
    /// @param typeByte the first byte of the raw transaction
    error UnsupportedTransactionType(uint8 typeByte);

    /// @notice An RLP item (or its length prefix) runs past the end of its parent.
    error RlpTruncated(uint256 offset);

    /// @notice Bytes remain after the transaction's RLP list.
    error RlpTrailingBytes(uint256 offset);

    /// @notice A single byte below 0x80 is wrapped in a string header.
    error RlpNonCanonicalSingleByte(uint256 offset);

    /// @notice A long-form header encodes a payload of 55 bytes or fewer.
    error RlpNonCanonicalLength(uint256 offset);

    /// @notice A long-form length starts with a zero byte.
    error RlpLeadingZeroLength(uint256 offset);

    /// @notice An item is a list where a string is required, or the reverse.
    error RlpWrongItemKind(uint256 offset);

    /// @notice The envelope's list does not have 12 (EIP-1559) or 9 (legacy) fields.
    error WrongFieldCount(uint256 count, uint256 expected);

    /// @notice An integer field has a leading zero byte (zero is the empty string).
    error LeadingZeroInteger(uint256 field);

    /// @notice A field is out of range: nonce or gasLimit over 8 bytes; a fee, value, v, r or s over 32 bytes;
    /// yParity not 0 or 1; `to` not 20 bytes.
    error InvalidTransactionField(uint256 field);

    /// @notice `to` is empty: contract creation is not accepted.
    error ContractCreation();

    /// @notice The data is longer than MAX_TX_DATA_BYTES.
    error TransactionDataTooLarge(uint256 length, uint256 max);

    /// @notice The EIP-1559 access list is not empty.
    error AccessListNotEmpty();

    /// @notice The transaction is signed for another chain (EIP-1559 chainId, or legacy v).
    error WrongChainId();

    /// @notice A legacy transaction without EIP-155 replay protection (v = 27 or 28).
    error NotReplayProtected();

    /// @notice An EIP-1559 transaction whose maxPriorityFeePerGas exceeds its maxFeePerGas.
    error TipAboveMaxFee();

    /// @notice r or s is 0 or not below the secp256k1 order, or s is above half of it (EIP-2).
    error InvalidSignature();
}
