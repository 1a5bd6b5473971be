// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IStepVerifierErrors
/// @notice Why StepVerifier.executeStep refused a witness. Every one of them means "this proof decides
/// nothing": the witness does not open the agreed commitment, does not match the batch or the Bridge, is
/// not exactly what the step uses, or (for the invariant errors) opens a state that no honest execution
/// reaches. Malformed batch data is NOT among them: it is a normal outcome of a step (status HALTED).
/// @dev The libraries the verifier uses revert with their own errors too: SparseMerkleTree (an invalid
/// tree proof, or too few), BatchData (a data opening that does not match dataRoot, or a read the chunks do
/// not cover), WithdrawalTree (a frontier that does not reproduce the withdrawals root) and
/// TransactionHashing (the ecrecover precompile call itself failed).
interface IStepVerifierErrors {
    /// @notice A constructor argument is zero.
    /// @param name the argument's name
    error InvalidParameter(string name);

    /// @notice The witness bytes are not an ABI-encoded StepWitness (its head points outside them).
    /// @param offset the tuple offset found in the first word
    /// @param length the witness length
    error MalformedWitness(uint256 offset, uint256 length);

    /// @notice The witness's pre-state (state header and cursor) does not hash to the agreed commitment.
    /// @param expected ctx.preCommitment
    /// @param computed the commitment of the witness's pre-state
    error PreCommitmentMismatch(bytes32 expected, bytes32 computed);

    /// @notice The witness holds more tree proofs than the step reads (one proof per read, §3.3).
    /// @param used the proofs the step consumed
    /// @param given the proofs in the witness
    error UnusedTreeProofs(uint256 used, uint256 given);

    /// @notice The withdrawals-tree frontier must hold 32 words when the step appends a withdrawal and be
    /// empty otherwise.
    /// @param length the frontier's length in the witness
    /// @param expected the length the step needs (32 or 0)
    error WithdrawalFrontierLength(uint256 length, uint256 expected);

    /// @notice A queue entry was supplied for a step that is not a queue step.
    error UnexpectedQueueEntry();

    /// @notice The queue step's entry is not the one the Bridge stores at that position (docs/protocol.md §4).
    /// @param queueIndex the entry's position (the pre-state's queueApplied)
    /// @param stored the entry hash the Bridge stores
    /// @param computed keccak256(abi.encode(keccak256(entry data), l1Timestamp)) of the witness's entry
    error QueueEntryMismatch(uint256 queueIndex, bytes32 stored, bytes32 computed);

    /// @notice A queue step at a position the batch may not apply (queueApplied >= queueLimit). Unreachable
    /// from an honest pre-state: a block step never owes more entries than queueLimit allows.
    /// @param queueIndex the pre-state's queueApplied
    /// @param queueLimit the batch's queueLimit
    error QueueIndexBeyondLimit(uint256 queueIndex, uint256 queueLimit);

    /// @notice The queue entry's preimage has an unknown kind or the wrong length for its kind. Unreachable
    /// once it matches the Bridge's hash (the Bridge only hashes well-formed entries).
    /// @param kind the first word of the preimage
    /// @param length the preimage's length
    error MalformedQueueEntry(uint256 kind, uint256 length);

    /// @notice An account index at most accountCount has no index leaf. Unreachable from an honest state.
    /// @param index the account index
    error IndexLeafMissing(uint64 index);

    /// @notice A new account's index leaf is already present. Unreachable from an honest state.
    /// @param index the account index
    error IndexLeafOccupied(uint64 index);

    /// @notice A state invariant that bounds balances, supplies or counters was broken: an ETH balance
    /// above 2^128 - 1, a token balance above 2^256 - 1, a supply below a balance, or accountCount at
    /// 2^64 - 1. Unreachable from an honest state (docs/protocol.md §3.3, §3.5, §3.6).
    /// @param key the state-tree key (or, for accountCount, zero) whose update broke it
    error StateInvariantViolated(bytes32 key);
}
