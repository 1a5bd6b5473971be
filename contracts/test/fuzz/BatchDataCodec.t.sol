// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {BatchData} from "../../libraries/BatchData.sol";
import {DATA_TREE_DEPTH} from "../../libraries/Constants.sol";
import {BatchDataHarness} from "../BatchDataHarness.sol";

/// @notice Fuzz tests of the batch-data readers (docs/protocol.md §6.3): values encoded here by the
///         spec's rules read back exactly, and arbitrary bytes never make a reader revert.
contract BatchDataCodecFuzzTest {
    BatchDataHarness private immutable DATA = new BatchDataHarness();

    /// @dev A one-chunk witness for `data` (at most 1,024 bytes): its chunk root is the depth-7 root
    ///      with keccak(data) as leaf 0 and ZERO elsewhere.
    function _witness(bytes memory data) private pure returns (bytes32 dataRoot, BatchData.Witness memory w) {
        bytes32 node = keccak256(data);
        bytes32 zero = bytes32(0);
        bytes32[DATA_TREE_DEPTH][] memory paths = new bytes32[DATA_TREE_DEPTH][](1);
        for (uint256 h = 0; h < DATA_TREE_DEPTH; h++) {
            paths[0][h] = zero;
            node = keccak256(abi.encodePacked(node, zero));
            zero = keccak256(abi.encodePacked(zero, zero));
        }
        w.chunkRoot = node;
        w.dataLength = data.length;
        w.segments = new BatchData.Segment[](1);
        w.segments[0] = BatchData.Segment({firstChunk: 0, chunks: data, paths: paths});
        dataRoot = keccak256(abi.encode(node, data.length));
    }

    function _read(bytes memory data, uint8 kind) private view returns (BatchDataHarness.Result memory) {
        (bytes32 root, BatchData.Witness memory w) = _witness(data);
        BatchDataHarness.Read[] memory reads = new BatchDataHarness.Read[](1);
        reads[0] = BatchDataHarness.Read({kind: kind, offset: 0, size: 0});
        return DATA.read(root, w, reads)[0];
    }

    /// @dev varuint by the spec's prefix table, shortest form.
    function _varuint(uint64 v) private pure returns (bytes memory) {
        if (v < 1 << 7) return abi.encodePacked(uint8(v));
        if (v < 1 << 14) return abi.encodePacked(uint16(0x8000 | v));
        if (v < 1 << 21) return abi.encodePacked(uint24(0xc00000 | v));
        if (v < 1 << 28) return abi.encodePacked(uint32(0xe0000000 | v));
        if (v < 1 << 35) return abi.encodePacked(uint40(0xf000000000 | v));
        return abi.encodePacked(uint8(0xf8), v);
    }

    function _minimal(uint256 v) private pure returns (bytes memory out) {
        uint256 n = 0;
        for (uint256 x = v; x != 0; x >>= 8) n++;
        out = new bytes(n);
        for (uint256 i = 0; i < n; i++) out[n - 1 - i] = bytes1(uint8(v >> (8 * i)));
    }

    /// @dev compact, plain form (exponent 0).
    function _compactPlain(uint256 v) private pure returns (bytes memory) {
        if (v == 0) return hex"00";
        bytes memory m = _minimal(v);
        return abi.encodePacked(uint8(m.length), m);
    }

    function testFuzz_varuint_roundTrip(uint64 v, bytes8 tail) public view {
        BatchDataHarness.Result memory r = _read(abi.encodePacked(_varuint(v), tail), 1);
        require(r.ok && r.value == v && r.next == _varuint(v).length, "varuint round trip");
    }

    function testFuzz_varuint_notShortest_isMalformed(uint8 small) public view {
        uint16 v = uint16(small % 128);
        BatchDataHarness.Result memory r = _read(abi.encodePacked(uint16(0x8000 | v), uint8(0)), 1);
        require(!r.ok, "a 2-byte form of a 7-bit value must be malformed");
    }

    function testFuzz_compact_plain_roundTrip(uint256 v) public view {
        BatchDataHarness.Result memory r = _read(abi.encodePacked(_compactPlain(v), hex"ff"), 2);
        require(r.ok && r.value == v, "compact plain round trip");
    }

    function testFuzz_compact_scaled_roundTrip(uint64 mantissa, uint8 exponent) public view {
        uint256 e = uint256(exponent) % 19 + 1; // 10^19 x 2^64 < 2^256
        if (mantissa == 0) return;
        bytes memory m = _minimal(mantissa);
        bytes memory data = abi.encodePacked(uint8(0x40 + m.length), uint8(e), m);
        BatchDataHarness.Result memory r = _read(data, 2);
        require(r.ok && r.value == uint256(mantissa) * 10 ** e, "compact scaled round trip");
    }

    function testFuzz_compact_overflow_isMalformed(uint8 extra) public view {
        // (2^256 - 1) x 10 does not fit: any mantissa of 32 bytes of 0xff with exponent >= 1.
        bytes memory m = new bytes(32);
        for (uint256 i = 0; i < 32; i++) m[i] = 0xff;
        uint256 e = uint256(extra) % 77 + 1;
        BatchDataHarness.Result memory r = _read(abi.encodePacked(uint8(0x60), uint8(e), m), 2);
        require(!r.ok, "overflow must be malformed");
    }

    /// @dev Any bytes: the readers answer (ok or not) and never revert.
    function testFuzz_anyBytes_neverReverts(bytes memory data, uint8 kind) public view {
        if (data.length == 0 || data.length > 1024) return;
        _read(data, uint8(kind % 4));
    }
}
