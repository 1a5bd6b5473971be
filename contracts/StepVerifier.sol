// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IBridge} from "./interfaces/IBridge.sol";
import {IStepVerifier, StepContext} from "./interfaces/IStepVerifier.sol";
import {IStepVerifierErrors} from "./interfaces/IStepVerifierErrors.sol";
import {BatchData} from "./libraries/BatchData.sol";
import {STATUS_ENDED, STATUS_HALTED} from "./libraries/Constants.sol";
import {BlockStep} from "./step/BlockStep.sol";
import {L2State, L2StateAccess} from "./step/L2State.sol";
import {QueueStep} from "./step/QueueStep.sol";
import {StepCommitment} from "./step/StepCommitment.sol";
import {MachineCursor, StepWitness, StepWitnessCodec} from "./step/StepWitness.sol";
import {TransactionStep} from "./step/TransactionStep.sol";

/// @title StepVerifier
/// @notice Halcyon's one-step verifier (docs/protocol.md §6.4, §8.2): re-executes one step of the state
/// transition from the machine state the agreed commitment opens, and returns the commitment and state root
/// after it. No owner, no upgrade: the chain parameters are immutables.
/// @dev executeStep takes `witness = abi.encode(StepWitness)` (contracts/step/StepWitness.sol) and reads it
/// in place in calldata. It refuses (reverts) rather than decides whenever the witness is not exactly what
/// the step needs: a pre-state that does not open ctx.preCommitment, a data opening that does not match
/// ctx.dataRoot or does not cover a byte the step reads inside the data, an invalid tree proof or too few,
/// MORE tree proofs than the step reads, a withdrawals frontier that is missing, wrong or unused, a queue
/// entry on a step that is not a queue step, or a queue entry the Bridge does not store at that position.
/// Data runs the step does not read are allowed (each is checked against the chunk root all the same).
/// ctx.queueStart is not needed: the pre-state's queueApplied names the next entry.
contract StepVerifier is IStepVerifier, IStepVerifierErrors {
    using L2StateAccess for L2State;

    /// @notice The L2 chain id (EIP-155) that batch transactions are signed for.
    uint64 public immutable CHAIN_ID;
    /// @notice The L2 account that receives every transaction fee.
    address public immutable FEE_VAULT;
    /// @notice The Bridge whose stored queue-entry hashes authenticate queue steps.
    IBridge public immutable BRIDGE;

    /// @param bridge the Bridge (its address is predicted by the deploy script)
    /// @param chainId the L2 chain id
    /// @param feeVault the L2 fee vault
    constructor(address bridge, uint64 chainId, address feeVault) {
        if (bridge == address(0)) revert InvalidParameter("bridge");
        if (chainId == 0) revert InvalidParameter("chainId");
        if (feeVault == address(0)) revert InvalidParameter("feeVault");
        BRIDGE = IBridge(bridge);
        CHAIN_ID = chainId;
        FEE_VAULT = feeVault;
    }

    /// @inheritdoc IStepVerifier
    function executeStep(StepContext calldata ctx, bytes calldata witness)
        external
        view
        returns (bytes32 postCommitment, bytes32 postStateRoot)
    {
        StepWitness calldata w = StepWitnessCodec.decode(witness);
        L2State memory s = L2StateAccess.load(w.preHeader, w.reads, w.withdrawalFrontier);
        MachineCursor memory c = w.preCursor;
        {
            bytes32 pre = StepCommitment.hash(s.stateRoot(), c);
            if (pre != ctx.preCommitment) revert PreCommitmentMismatch(ctx.preCommitment, pre);
        }
        BatchData.Reader memory data = BatchData.open(ctx.dataRoot, w.data);

        bool queueStep;
        if (c.status == STATUS_ENDED || c.status == STATUS_HALTED) {
            // No-op: decoding has stopped for good.
        } else if (c.queueLeft == 0 && c.txLeft == 0) {
            BlockStep.run(c, data, s.queueApplied, ctx.queueLimit);
        } else if (c.queueLeft > 0) {
            queueStep = true;
            QueueStep.run(c, s, w.queueEntry, BRIDGE, ctx.queueLimit, CHAIN_ID, FEE_VAULT);
        } else {
            TransactionStep.run(c, s, data, CHAIN_ID, FEE_VAULT);
        }
        _checkAllUsed(s, w, queueStep);

        postStateRoot = s.stateRoot();
        postCommitment = StepCommitment.hash(postStateRoot, c);
    }

    /// @dev The witness holds nothing the step did not use: every tree proof read, the frontier only with
    ///      an append, a queue entry only on a queue step.
    function _checkAllUsed(L2State memory s, StepWitness calldata w, bool queueStep) private pure {
        uint256 used = s.tree.nextProof;
        if (used != w.reads.length) revert UnusedTreeProofs(used, w.reads.length);
        if (!s.withdrawalAppended && s.frontierLength != 0) revert WithdrawalFrontierLength(s.frontierLength, 0);
        if (!queueStep && (w.queueEntry.data.length != 0 || w.queueEntry.l1Timestamp != 0)) {
            revert UnexpectedQueueEntry();
        }
    }
}
