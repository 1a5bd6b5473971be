// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IStepVerifier, StepContext} from "../interfaces/IStepVerifier.sol";

/// @title TestStepVerifier
/// @notice TEST DOUBLE, never deployed outside tests: answers executeStep with results configured per
/// context, so DisputeGame's clocks, bisection and bonds can be tested without the real one-step verifier.
/// @dev A result is keyed by keccak256(abi.encode(ctx)), so a test also checks the context the game passes.
/// An unknown context or an empty witness reverts, as a bad witness does with the real verifier.
contract TestStepVerifier is IStepVerifier {
    struct Result {
        bytes32 postCommitment;
        bytes32 postStateRoot;
        bool set;
    }

    /// @notice No result was configured for this context.
    error UnexpectedContext(bytes32 preCommitment, bytes32 dataRoot, uint64 queueLimit, uint64 queueStart);
    /// @notice The witness is empty.
    error EmptyWitness();

    /// @notice A result was configured.
    event ResultSet(bytes32 indexed contextHash, bytes32 postCommitment, bytes32 postStateRoot);

    mapping(bytes32 contextHash => Result) private _results;

    /// @notice Configures the answer for `ctx`.
    function setResult(StepContext calldata ctx, bytes32 postCommitment, bytes32 postStateRoot) external {
        bytes32 key = keccak256(abi.encode(ctx));
        _results[key] = Result(postCommitment, postStateRoot, true);
        emit ResultSet(key, postCommitment, postStateRoot);
    }

    /// @inheritdoc IStepVerifier
    function executeStep(StepContext calldata ctx, bytes calldata witness)
        external
        view
        returns (bytes32 postCommitment, bytes32 postStateRoot)
    {
        if (witness.length == 0) revert EmptyWitness();
        Result memory r = _results[keccak256(abi.encode(ctx))];
        if (!r.set) revert UnexpectedContext(ctx.preCommitment, ctx.dataRoot, ctx.queueLimit, ctx.queueStart);
        return (r.postCommitment, r.postStateRoot);
    }
}
