// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IStepVerifier, StepContext} from "../interfaces/IStepVerifier.sol";

/// @title StepVerifierBatchCaller
/// @notice TEST HELPER, never deployed outside tests: runs many StepVerifier.executeStep calls in one
/// eth_call (the differential test checks tens of thousands of steps) and measures each call's gas.
/// @dev Each call's memory (argument encoding, return or revert data) is released after it, so a call's gas
/// does not depend on the calls before it in the batch.
contract StepVerifierBatchCaller {
    /// @notice One executeStep call.
    struct Call {
        StepContext ctx;
        bytes witness;
    }

    /// @notice Gas kept back when deciding whether to start one more call: a call can use up to 63/64 of
    /// what is left, and a step should stay well below 1,000,000.
    uint256 public constant GAS_RESERVE = 1_500_000;

    /// @notice Runs `calls` against `verifier`, in order, while at least GAS_RESERVE gas is left; `count`
    /// is the number of calls run (the caller sends the rest again). For call i: ok[i] says whether it returned; if so,
    /// postCommitments[i] and postStateRoots[i] are its results, else revertSelectors[i] holds the first 4
    /// bytes of its revert data (zero if none); gasUsed[i] is the gas between just before the call and just
    /// after it (the callee's execution, the call's own cost and the encoding of its arguments; no intrinsic
    /// calldata gas).
    function run(IStepVerifier verifier, Call[] calldata calls)
        external
        view
        returns (
            bool[] memory ok,
            bytes32[] memory postCommitments,
            bytes32[] memory postStateRoots,
            bytes4[] memory revertSelectors,
            uint256[] memory gasUsed,
            uint256 count
        )
    {
        uint256 n = calls.length;
        ok = new bool[](n);
        postCommitments = new bytes32[](n);
        postStateRoots = new bytes32[](n);
        revertSelectors = new bytes4[](n);
        gasUsed = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            if (gasleft() < GAS_RESERVE) break;
            count = i + 1;
            uint256 freeMemory;
            assembly ("memory-safe") {
                freeMemory := mload(0x40)
            }
            uint256 before = gasleft();
            try verifier.executeStep(calls[i].ctx, calls[i].witness) returns (bytes32 c, bytes32 r) {
                gasUsed[i] = before - gasleft();
                ok[i] = true;
                postCommitments[i] = c;
                postStateRoots[i] = r;
            } catch (bytes memory reason) {
                gasUsed[i] = before - gasleft();
                if (reason.length >= 4) revertSelectors[i] = bytes4(reason);
            }
            assembly ("memory-safe") {
                mstore(0x40, freeMemory)
            }
        }
    }
}
