// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice What the one-step proof of a dispute needs to know about the disputed batch.
/// @param preCommitment the agreed step commitment c_lo (docs/protocol.md §6.4) that the witness opens
/// @param dataRoot the batch's data commitment (docs/protocol.md §6.2)
/// @param queueLimit the Bridge's queue length when the batch was appended
/// @param queueStart the parent batch's queueApplied (the first queue entry this batch may apply)
struct StepContext {
    bytes32 preCommitment;
    bytes32 dataRoot;
    uint64 queueLimit;
    uint64 queueStart;
}

/// @title IStepVerifier
/// @notice Re-executes one step of the Halcyon state transition in Solidity (docs/protocol.md §6.4, §8.2).
interface IStepVerifier {
    /// @notice Re-executes one step from the machine state committed by ctx.preCommitment.
    /// @dev Reverts when the witness does not open ctx.preCommitment or is otherwise inconsistent.
    /// @param ctx the agreed commitment and the batch's fields the step depends on
    /// @param witness the encoded one-step witness (docs/protocol.md §8.2)
    /// @return postCommitment the step commitment after the step (docs/protocol.md §6.4)
    /// @return postStateRoot the state root after the step
    function executeStep(StepContext calldata ctx, bytes calldata witness)
        external
        view
        returns (bytes32 postCommitment, bytes32 postStateRoot);
}
