// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {DATA_CHUNK_BYTES, DATA_TREE_DEPTH, MAX_BATCH_BYTES} from "./Constants.sol";

/// @title BatchData
/// @notice Reads a batch's data in a one-step proof (docs/protocol.md §6.2, §6.3, §8.2) from a witness
///         that opens some of its chunks against the batch's `dataRoot`.
///
///         The witness holds one or more *segments*, each a run of consecutive chunks with one Merkle
///         path per chunk: a transaction step reads its record at the cursor's offset and its fee entry
///         near the start of the data, which may lie a hundred chunks apart. `open` checks every chunk
///         and returns a `Reader`; reads then take ABSOLUTE data offsets:
///         - a field that runs past `dataLength` is malformed data, a normal outcome: `ok = false`;
///         - a field inside the data that no segment covers in full is an insufficient witness: revert
///           `InsufficientWitness` (the prover must supply those chunks; no outcome is decided).
///         A multi-byte field must lie inside one segment: the prover supplies each run it reads as one
///         segment (overlapping segments are fine).
/// @dev    Chunk bytes stay in calldata; the reader keeps their calldata offsets, so a read costs a
///         `calldataload`. Chunks are hashed in free memory past the free memory pointer (not advanced).
library BatchData {
    /// @notice A run of consecutive chunks of the data.
    /// @param firstChunk Index of the run's first chunk.
    /// @param chunks     The chunks' bytes, concatenated: `DATA_CHUNK_BYTES` each, the data's last chunk
    ///                   shorter if the data ends there.
    /// @param paths      One Merkle path per chunk, bottom-up: `paths[j][h]` is the sibling at height h
    ///                   of chunk `firstChunk + j`'s leaf `keccak(chunk)`. An empty run (no paths, no
    ///                   bytes) is allowed and covers nothing.
    struct Segment {
        uint256 firstChunk;
        bytes chunks;
        bytes32[DATA_TREE_DEPTH][] paths;
    }

    /// @notice The opening of a batch's data commitment, `dataRoot = keccak(abi.encode(chunkRoot, dataLength))`,
    ///         and the segments a step reads.
    struct Witness {
        bytes32 chunkRoot;
        uint256 dataLength;
        Segment[] segments;
    }

    /// @notice The checked data a step can read: its length, and per segment its byte range
    ///         `[start, end)` and the calldata offset of its bytes, packed as
    ///         `start | end << 64 | calldataOffset << 128`.
    struct Reader {
        uint256 dataLength;
        uint256[] segments;
    }

    /// @notice `chunkRoot` and `dataLength` do not hash to the batch's data root.
    /// @param dataRoot The batch's data root.
    /// @param computed `keccak(abi.encode(chunkRoot, dataLength))`.
    error DataRootMismatch(bytes32 dataRoot, bytes32 computed);
    /// @notice The witness claims more data than a batch can hold (MAX_BATCH_BYTES).
    /// @param dataLength The claimed length.
    error DataTooLong(uint256 dataLength);
    /// @notice A segment names chunks past the end of the data.
    /// @param firstChunk The segment's first chunk.
    /// @param count      The segment's number of chunks.
    error ChunkOutOfRange(uint256 firstChunk, uint256 count);
    /// @notice A segment's bytes are not as long as its chunks must be.
    /// @param firstChunk The segment's first chunk.
    /// @param length     The bytes given.
    /// @param expected   The length of the chunks at those positions.
    error SegmentLengthMismatch(uint256 firstChunk, uint256 length, uint256 expected);
    /// @notice A chunk's Merkle path does not lead to the chunk root.
    /// @param chunkIndex The chunk's index.
    error ChunkProofMismatch(uint256 chunkIndex);
    /// @notice A read of bytes inside the data that the witness does not cover (within one segment).
    /// @param offset The first byte read.
    /// @param size   The number of bytes read.
    error InsufficientWitness(uint256 offset, uint256 size);
    /// @notice `readUint` was asked for more than 32 bytes.
    /// @param size The number of bytes asked for.
    error ReadTooWide(uint256 size);

    // ---------------------------------------------------------------------------------------------
    // Opening

    /// @notice Checks the witness against `dataRoot` (the data root of the batch's record) and returns a
    ///         reader over the chunks it opens. Reverts if the commitment or any chunk does not match.
    function open(bytes32 dataRoot, Witness calldata witness) internal pure returns (Reader memory reader) {
        bytes32 chunkRoot = witness.chunkRoot;
        uint256 dataLength = witness.dataLength;
        bytes32 computed;
        assembly ("memory-safe") {
            mstore(0x00, chunkRoot)
            mstore(0x20, dataLength)
            computed := keccak256(0x00, 0x40)
        }
        if (computed != dataRoot) revert DataRootMismatch(dataRoot, computed);
        if (dataLength > MAX_BATCH_BYTES) revert DataTooLong(dataLength);
        Segment[] calldata segments = witness.segments;
        uint256 count = segments.length;
        reader.dataLength = dataLength;
        reader.segments = new uint256[](count);
        for (uint256 i; i < count; ++i) {
            reader.segments[i] = _openSegment(chunkRoot, dataLength, segments[i]);
        }
    }

    /// @dev Checks one segment's chunks against the chunk root; returns its packed range.
    function _openSegment(bytes32 chunkRoot, uint256 dataLength, Segment calldata segment)
        private
        pure
        returns (uint256)
    {
        uint256 first = segment.firstChunk;
        // Calldata positions as plain words (scoped, to keep the stack short).
        uint256 chunksOffset;
        uint256 chunksLength;
        uint256 pathsOffset;
        uint256 count;
        {
            bytes calldata chunks = segment.chunks;
            bytes32[DATA_TREE_DEPTH][] calldata paths = segment.paths;
            assembly ("memory-safe") {
                chunksOffset := chunks.offset
                chunksLength := chunks.length
                pathsOffset := paths.offset
                count := paths.length
            }
        }
        if (count == 0) {
            if (chunksLength != 0) revert SegmentLengthMismatch(first, chunksLength, 0);
            return 0; // the range [0, 0): covers nothing
        }
        uint256 chunkCount = (dataLength + DATA_CHUNK_BYTES - 1) / DATA_CHUNK_BYTES;
        if (first >= chunkCount || count > chunkCount - first) revert ChunkOutOfRange(first, count);
        uint256 start = first * DATA_CHUNK_BYTES;
        uint256 end = (first + count) * DATA_CHUNK_BYTES;
        if (end > dataLength) end = dataLength;
        if (chunksLength != end - start) revert SegmentLengthMismatch(first, chunksLength, end - start);
        uint256 badChunk = _verifyChunks(chunkRoot, first, count, chunksOffset, chunksLength, pathsOffset);
        if (badChunk != type(uint256).max) revert ChunkProofMismatch(badChunk);
        return start | (end << 64) | (chunksOffset << 128);
    }

    /// @dev Hashes each of `count` chunks (`total` bytes at calldata `src`, the last one possibly short)
    ///      and folds it with its path (7 words each at calldata `path`) by its index bits. Returns the
    ///      index of the first chunk that does not lead to `chunkRoot`, or type(uint256).max.
    function _verifyChunks(bytes32 chunkRoot, uint256 first, uint256 count, uint256 src, uint256 total, uint256 path)
        private
        pure
        returns (uint256 badChunk)
    {
        badChunk = type(uint256).max;
        assembly ("memory-safe") {
            for { let index := first } lt(index, add(first, count)) { index := add(index, 1) } {
                let length := total
                if gt(length, DATA_CHUNK_BYTES) { length := DATA_CHUNK_BYTES }
                calldatacopy(mload(0x40), src, length)
                let node := keccak256(mload(0x40), length)
                src := add(src, length)
                total := sub(total, length)
                for { let h := 0 } lt(h, DATA_TREE_DEPTH) { h := add(h, 1) } {
                    let o := shl(5, and(shr(h, index), 1))
                    mstore(o, node)
                    mstore(xor(o, 0x20), calldataload(add(path, shl(5, h))))
                    node := keccak256(0x00, 0x40)
                }
                path := add(path, mul(DATA_TREE_DEPTH, 0x20))
                if iszero(eq(node, chunkRoot)) {
                    badChunk := index
                    break
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Fixed-width reads

    /// @notice The `size`-byte big-endian integer at `offset` (size 0..32). `ok` is false if the field
    ///         runs past the data's end; reverts InsufficientWitness if the witness does not cover it.
    /// @return value The integer (0 if not ok).
    /// @return next  `offset + size`, the field's end (`offset` if not ok).
    /// @return ok    Whether the field lies inside the data.
    function readUint(Reader memory reader, uint256 offset, uint256 size)
        internal
        pure
        returns (uint256 value, uint256 next, bool ok)
    {
        if (size > 32) revert ReadTooWide(size);
        bool missing;
        // `_locate`, inlined: this is the read every other reader is built on.
        assembly ("memory-safe") {
            next := offset
            let length := mload(reader)
            ok := iszero(or(gt(offset, length), gt(size, sub(length, offset))))
            if and(ok, gt(size, 0)) {
                missing := 1
                let last := add(offset, size)
                let item := add(mload(add(reader, 0x20)), 0x20)
                for { let itemsEnd := add(item, shl(5, mload(sub(item, 0x20)))) } lt(item, itemsEnd) { item := add(item, 0x20) } {
                    let packed := mload(item)
                    let start := and(packed, 0xffffffffffffffff)
                    if iszero(or(lt(offset, start), gt(last, and(shr(64, packed), 0xffffffffffffffff)))) {
                        value := shr(sub(256, shl(3, size)), calldataload(add(shr(128, packed), sub(offset, start))))
                        next := last
                        missing := 0
                        break
                    }
                }
            }
        }
        if (missing) revert InsufficientWitness(offset, size);
    }

    /// @notice The byte at `offset`; see `readUint`.
    function readByte(Reader memory reader, uint256 offset) internal pure returns (uint256 value, bool ok) {
        (value,, ok) = readUint(reader, offset, 1);
    }

    /// @notice A copy of the `size` bytes at `offset`; `ok` false (and empty bytes, `next = offset`)
    ///         past the data's end. Reverts InsufficientWitness if the witness does not cover them.
    function readBytes(Reader memory reader, uint256 offset, uint256 size)
        internal
        pure
        returns (bytes memory out, uint256 next, bool ok)
    {
        (uint256 pointer, bool inData) = _locate(reader, offset, size);
        if (!inData) return (out, offset, false);
        out = new bytes(size);
        assembly ("memory-safe") {
            calldatacopy(add(out, 0x20), pointer, size)
        }
        return (out, offset + size, true);
    }

    // ---------------------------------------------------------------------------------------------
    // Batch formats (§6.3)

    /// @notice A varuint at `offset`: 1, 2, 3, 4, 5 or 9 bytes by the first byte's high bits, in the
    ///         shortest form. `ok` is false for first bytes 0xF9..0xFF, a longer form than the value
    ///         needs, or bytes past the data's end.
    /// @return value The integer (0 if not ok).
    /// @return next  The offset after it (`offset` if not ok).
    /// @return ok    Whether a well-formed varuint is there.
    function readVaruint(Reader memory reader, uint256 offset)
        internal
        pure
        returns (uint64 value, uint256 next, bool ok)
    {
        (uint256 first,, bool found) = readUint(reader, offset, 1);
        if (!found) return (0, offset, false);
        if (first < 0x80) return (uint64(first), offset + 1, true);
        uint256 extra;
        uint256 min;
        if (first < 0xc0) {
            (extra, min, first) = (1, 0x80, first & 0x3f);
        } else if (first < 0xe0) {
            (extra, min, first) = (2, 0x4000, first & 0x1f);
        } else if (first < 0xf0) {
            (extra, min, first) = (3, 0x20_0000, first & 0x0f);
        } else if (first < 0xf8) {
            (extra, min, first) = (4, 0x1000_0000, first & 0x07);
        } else if (first == 0xf8) {
            (extra, min, first) = (8, 0x8_0000_0000, 0);
        } else {
            return (0, offset, false);
        }
        (uint256 rest, uint256 end, bool complete) = readUint(reader, offset + 1, extra);
        if (!complete) return (0, offset, false);
        uint256 v = (first << (extra * 8)) | rest;
        if (v < min) return (0, offset, false);
        return (uint64(v), end, true);
    }

    /// @notice A compact integer at `offset`: `0x00` is 0; `0x01..0x20` is followed by that many
    ///         mantissa bytes; `0x41..0x60` by an exponent `e` in 1..77 and `h - 0x40` mantissa bytes,
    ///         the value being mantissa × 10^e. `ok` is false for any other first byte, a mantissa
    ///         starting with 0, an exponent out of range, a value of 2^256 or more, or bytes past the end.
    /// @return value The integer (0 if not ok).
    /// @return next  The offset after it (`offset` if not ok).
    /// @return ok    Whether a well-formed compact is there.
    function readCompact(Reader memory reader, uint256 offset)
        internal
        pure
        returns (uint256 value, uint256 next, bool ok)
    {
        (uint256 h,, bool found) = readUint(reader, offset, 1);
        if (!found) return (0, offset, false);
        if (h == 0) return (0, offset + 1, true);
        uint256 length;
        uint256 exponent;
        uint256 mantissaAt;
        if (h <= 0x20) {
            (length, mantissaAt) = (h, offset + 1);
        } else if (h >= 0x41 && h <= 0x60) {
            (length, mantissaAt) = (h - 0x40, offset + 2);
            (exponent,, found) = readUint(reader, offset + 1, 1);
            if (!found || exponent == 0 || exponent > 77) return (0, offset, false);
        } else {
            return (0, offset, false);
        }
        uint256 mantissa;
        (mantissa, next, found) = readUint(reader, mantissaAt, length);
        // A leading zero byte: the mantissa fits in one byte fewer.
        if (!found || (mantissa >> ((length - 1) * 8)) == 0) return (0, offset, false);
        if (exponent == 0) return (mantissa, next, true);
        uint256 scale;
        assembly ("memory-safe") {
            scale := exp(10, exponent) // at most 10^77 < 2^256: exact
        }
        if (mantissa > type(uint256).max / scale) return (0, offset, false);
        unchecked {
            return (mantissa * scale, next, true);
        }
    }

    /// @notice An address reference at `offset`: a varuint `r`; `r = 0` is followed by a 20-byte
    ///         address, `r >= 1` names the account with index `r` (whether it exists is the caller's
    ///         check, against the state's accountCount).
    /// @return index   `r` (0 for a literal address).
    /// @return account The literal address when `index` is 0, else address(0).
    /// @return next    The offset after the reference (`offset` if not ok).
    /// @return ok      Whether a well-formed reference is there.
    function readAddressRef(Reader memory reader, uint256 offset)
        internal
        pure
        returns (uint64 index, address account, uint256 next, bool ok)
    {
        (index, next, ok) = readVaruint(reader, offset);
        if (!ok) return (0, address(0), offset, false);
        if (index != 0) return (index, address(0), next, true);
        uint256 word;
        (word, next, ok) = readUint(reader, next, 20);
        if (!ok) return (0, address(0), offset, false);
        return (0, address(uint160(word)), next, true);
    }

    // ---------------------------------------------------------------------------------------------
    // Internals

    /// @dev Where bytes [offset, offset + size) are: `inData` false if they run past the data's end;
    ///      else the calldata position of the first, in the first segment that covers them all
    ///      (reverts InsufficientWitness if none does; a read of 0 bytes needs no segment).
    function _locate(Reader memory reader, uint256 offset, uint256 size)
        private
        pure
        returns (uint256 pointer, bool inData)
    {
        bool found;
        assembly ("memory-safe") {
            let length := mload(reader)
            inData := iszero(or(gt(offset, length), gt(size, sub(length, offset))))
            found := or(iszero(inData), iszero(size))
            if iszero(found) {
                let last := add(offset, size)
                let segments := mload(add(reader, 0x20))
                let item := add(segments, 0x20)
                for { let itemsEnd := add(item, shl(5, mload(segments))) } lt(item, itemsEnd) { item := add(item, 0x20) } {
                    let packed := mload(item)
                    let start := and(packed, 0xffffffffffffffff)
                    if iszero(or(lt(offset, start), gt(last, and(shr(64, packed), 0xffffffffffffffff)))) {
                        pointer := add(shr(128, packed), sub(offset, start))
                        found := 1
                        break
                    }
                }
            }
        }
        if (!found) revert InsufficientWitness(offset, size);
    }
}
