// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {BatchData} from "../libraries/BatchData.sol";

/// @notice Exposes BatchData to tests: opens a witness, then runs a list of reads through it.
contract BatchDataHarness {
    using BatchData for BatchData.Reader;

    uint8 internal constant READ_UINT = 0;
    uint8 internal constant READ_VARUINT = 1;
    uint8 internal constant READ_COMPACT = 2;
    uint8 internal constant READ_ADDRESS_REF = 3;
    uint8 internal constant READ_BYTES = 4;

    /// @notice One read: `kind` (READ_*), at absolute `offset`; `size` for READ_UINT and READ_BYTES.
    struct Read {
        uint8 kind;
        uint256 offset;
        uint256 size;
    }

    /// @notice What a read returned; `account` only for READ_ADDRESS_REF, `data` only for READ_BYTES.
    struct Result {
        uint256 value;
        uint256 next;
        bool ok;
        address account;
        bytes data;
    }

    function open(bytes32 dataRoot, BatchData.Witness calldata witness)
        external
        pure
        returns (BatchData.Reader memory)
    {
        return BatchData.open(dataRoot, witness);
    }

    function read(bytes32 dataRoot, BatchData.Witness calldata witness, Read[] calldata reads)
        external
        pure
        returns (Result[] memory results)
    {
        BatchData.Reader memory reader = BatchData.open(dataRoot, witness);
        results = new Result[](reads.length);
        for (uint256 i; i < reads.length; ++i) {
            results[i] = _read(reader, reads[i]);
        }
    }

    function gasOpen(bytes32 dataRoot, BatchData.Witness calldata witness) external view returns (uint256 gasUsed) {
        uint256 before = gasleft();
        BatchData.open(dataRoot, witness);
        return before - gasleft();
    }

    /// @notice Gas of each read in `reads` (after opening the witness, which is not counted).
    function gasReads(bytes32 dataRoot, BatchData.Witness calldata witness, Read[] calldata reads)
        external
        view
        returns (uint256[] memory gasUsed)
    {
        BatchData.Reader memory reader = BatchData.open(dataRoot, witness);
        gasUsed = new uint256[](reads.length);
        for (uint256 i; i < reads.length; ++i) {
            uint8 kind = reads[i].kind;
            uint256 offset = reads[i].offset;
            uint256 size = reads[i].size;
            uint256 before = gasleft();
            if (kind == READ_UINT) reader.readUint(offset, size);
            else if (kind == READ_VARUINT) reader.readVaruint(offset);
            else if (kind == READ_COMPACT) reader.readCompact(offset);
            else if (kind == READ_ADDRESS_REF) reader.readAddressRef(offset);
            else reader.readBytes(offset, size);
            gasUsed[i] = before - gasleft();
        }
    }

    function _read(BatchData.Reader memory reader, Read calldata r) private pure returns (Result memory out) {
        uint8 kind = r.kind;
        if (kind == READ_UINT) {
            (out.value, out.next, out.ok) = reader.readUint(r.offset, r.size);
        } else if (kind == READ_VARUINT) {
            (out.value, out.next, out.ok) = reader.readVaruint(r.offset);
        } else if (kind == READ_COMPACT) {
            (out.value, out.next, out.ok) = reader.readCompact(r.offset);
        } else if (kind == READ_ADDRESS_REF) {
            (out.value, out.account, out.next, out.ok) = reader.readAddressRef(r.offset);
        } else {
            (out.data, out.next, out.ok) = reader.readBytes(r.offset, r.size);
        }
    }
}
