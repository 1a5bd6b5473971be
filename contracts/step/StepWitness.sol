// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IStepVerifierErrors as E} from "../interfaces/IStepVerifierErrors.sol";
import {StateHeader} from "../interfaces/IRollup.sol";
import {BatchData} from "../libraries/BatchData.sol";
import {SparseMerkleTree} from "../libraries/SparseMerkleTree.sol";

/// @notice The decoding half of a machine state (docs/protocol.md §6.4), field for field as the step
/// commitment hashes it.
/// @param offset where the next block header or transaction record starts
/// @param status STATUS_START, STATUS_RUNNING, STATUS_ENDED or STATUS_HALTED
/// @param dictCount the batch's fee-dictionary size (set by the first step)
/// @param baseFee the current block's price base: max(declared base fee, MIN_BASE_FEE)
/// @param queueLeft queue entries the current block still applies
/// @param txLeft transaction records the current block still holds
struct MachineCursor {
    uint32 offset;
    uint8 status;
    uint8 dictCount;
    uint128 baseFee;
    uint64 queueLeft;
    uint64 txLeft;
}

/// @notice A queue entry as the Bridge hashed it (docs/protocol.md §4).
/// @param data the preimage of the entry's dataHash, exactly as hashed: abi.encode(uint8 1, from, to,
/// amount), abi.encode(uint8 2, from, to, l1Token, amount) or abi.encode(uint8 3, from, uint8 txType,
/// uint64 nonce, uint256 tip, uint256 maxFee, uint64 gasLimit, address to, uint256 value, bytes data,
/// uint8 yParity, uint256 r, uint256 s); empty unless the step is a queue step
/// @param l1Timestamp the entry's L1 timestamp (0 unless the step is a queue step)
struct QueueEntryPreimage {
    bytes data;
    uint64 l1Timestamp;
}

/// @notice The one-step witness of docs/protocol.md §8.2; StepVerifier.executeStep takes abi.encode(StepWitness).
/// @param preHeader the state header of the pre-state (the preimage of its state root)
/// @param preCursor the cursor of the pre-state
/// @param data the opening of the batch's dataRoot and the runs of chunks the step reads: the chunks that
/// cover the unit at the cursor's offset (from offset 0 on the first step) and, for a transaction step,
/// those that cover its fee entry; empty runs for a step that reads no data
/// @param queueEntry the entry a queue step applies (empty otherwise)
/// @param reads one state-tree proof per read of the step, in the order of docs/protocol.md §3.3-§3.6, each
/// against the root left by the previous write; a list longer than the step reads is refused
/// @param withdrawalFrontier the withdrawals-tree frontier (32 words) when the step appends a withdrawal,
/// empty otherwise
struct StepWitness {
    StateHeader preHeader;
    MachineCursor preCursor;
    BatchData.Witness data;
    QueueEntryPreimage queueEntry;
    SparseMerkleTree.Proof[] reads;
    bytes32[] withdrawalFrontier;
}

/// @title StepWitnessCodec
/// @notice Reads a StepWitness in place from the `bytes` that executeStep receives, without copying it.
library StepWitnessCodec {
    /// @notice The StepWitness that `witness` (abi.encode(StepWitness)) encodes, as a calldata reference.
    /// @dev abi.encode of a dynamic struct starts with the offset of its tuple (0x20). Offsets inside the
    /// tuple are checked by the compiler's accessors against the calldata's end; the verifier then binds
    /// every value it uses to ctx.preCommitment, ctx.dataRoot or the Bridge's hashes.
    function decode(bytes calldata witness) internal pure returns (StepWitness calldata w) {
        uint256 head;
        if (witness.length >= 32) head = uint256(bytes32(witness[0:32]));
        if (witness.length < 32 || head > witness.length - 32) revert E.MalformedWitness(head, witness.length);
        assembly ("memory-safe") {
            w := add(witness.offset, head)
        }
    }
}
