// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title TestQueue
/// @notice TEST DOUBLE, never deployed outside tests: a queue of entry hashes with the Bridge's
/// `queueEntry` view, so the StepVerifier can replay golden vectors whose queue entries (made-up senders and
/// timestamps) the real Bridge cannot produce. The differential test uses the real Bridge.
contract TestQueue {
    bytes32[] private _entries;

    /// @notice Entry hashes were appended.
    /// @param count the queue length after the append
    event EntriesAppended(uint256 count);

    /// @notice Appends entry hashes (keccak256(abi.encode(dataHash, uint64 l1Timestamp)), docs/protocol.md §4).
    /// @param entryHashes the hashes, in queue order
    function append(bytes32[] calldata entryHashes) external {
        for (uint256 i; i < entryHashes.length; ++i) {
            _entries.push(entryHashes[i]);
        }
        emit EntriesAppended(_entries.length);
    }

    /// @notice The entry hash at `queueIndex` (reverts past the end, as the Bridge does).
    /// @param queueIndex the entry's position
    function queueEntry(uint256 queueIndex) external view returns (bytes32) {
        return _entries[queueIndex];
    }

    /// @notice The number of entries.
    function queueLength() external view returns (uint256) {
        return _entries.length;
    }
}
