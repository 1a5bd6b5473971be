// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {MachineCursor} from "./StepWitness.sol";

/// @title StepCommitment
/// @notice The step commitment of a machine state (docs/protocol.md §6.4):
/// keccak(abi.encode(stateRoot, uint32 offset, uint8 status, uint8 dictCount, uint128 baseFee,
/// uint64 queueLeft, uint64 txLeft)).
/// @dev Mirrors packages/protocol/src/stf/cursor.ts (commitmentOf).
library StepCommitment {
    /// @notice The commitment of the machine state whose header hashes to `stateRoot` and whose cursor is `c`.
    function hash(bytes32 stateRoot, MachineCursor memory c) internal pure returns (bytes32) {
        return keccak256(abi.encode(stateRoot, c.offset, c.status, c.dictCount, c.baseFee, c.queueLeft, c.txLeft));
    }
}
