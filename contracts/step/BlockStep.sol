// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {BatchData} from "../libraries/BatchData.sol";
import {BATCH_VERSION, MIN_BASE_FEE, STATUS_ENDED, STATUS_HALTED, STATUS_RUNNING, STATUS_START} from "../libraries/Constants.sol";
import {MachineCursor} from "./StepWitness.sol";

/// @title BlockStep
/// @notice The block step of docs/protocol.md §6.4: on the first step the batch header, then the end of
/// the data or the next block header, which sets the price base and what the block owes.
/// @dev Mirrors BatchMachine.#blockStep (packages/protocol/src/stf/batchMachine.ts) and the readers of
/// packages/protocol/src/codec/batchReader.ts. A block step changes no state, only the cursor.
library BlockStep {
    using BatchData for BatchData.Reader;

    /// @notice Bytes of the batch header before the fee dictionary: version, timestamp, dictCount.
    uint256 internal constant BATCH_HEADER_BYTES = 10;
    /// @notice Bytes of one fee-dictionary entry: txType, gasLimit, tip, maxFee.
    uint256 internal constant FEE_ENTRY_BYTES = 37;

    /// @notice Runs the block step on `c` (queueLeft and txLeft are 0; the status is neither ENDED nor
    ///         HALTED). `queueApplied` is the pre-state's, `queueLimit` the batch's. When a read fails, every
    ///         cursor field stays and the status becomes HALTED (§6.4).
    function run(MachineCursor memory c, BatchData.Reader memory data, uint64 queueApplied, uint64 queueLimit)
        internal
        pure
    {
        if (c.status == STATUS_START && !_readBatchHeader(c, data)) {
            c.status = STATUS_HALTED;
            return;
        }
        if (c.offset == data.dataLength) {
            c.status = STATUS_ENDED;
            return;
        }
        (bool ok, uint256 next, uint256 baseFee, uint64 queueCount, uint64 txCount) = _readBlockHeader(data, c.offset);
        if (!ok) {
            c.status = STATUS_HALTED;
            return;
        }
        uint64 available = queueLimit > queueApplied ? queueLimit - queueApplied : 0;
        // next <= dataLength <= MAX_BATCH_BYTES (BatchData.open checks it): it fits 32 bits.
        c.offset = uint32(next);
        c.status = STATUS_RUNNING;
        c.baseFee = uint128(baseFee > MIN_BASE_FEE ? baseFee : MIN_BASE_FEE);
        c.queueLeft = queueCount < available ? queueCount : available;
        c.txLeft = txCount;
    }

    /// @dev The batch header: version (1) ‖ timestamp (8) ‖ dictCount (1) ‖ dictCount fee entries. On success
    ///      the cursor moves past the dictionary and runs. The timestamp does not touch the state: only its
    ///      presence matters, which reading dictCount (byte 9) checks.
    function _readBatchHeader(MachineCursor memory c, BatchData.Reader memory data) private pure returns (bool) {
        (uint256 version, bool found) = data.readByte(0);
        if (!found || version != BATCH_VERSION) return false;
        uint256 dictCount;
        (dictCount, found) = data.readByte(BATCH_HEADER_BYTES - 1);
        if (!found) return false;
        uint256 end = BATCH_HEADER_BYTES + FEE_ENTRY_BYTES * dictCount;
        if (end > data.dataLength) return false;
        c.offset = uint32(end);
        c.dictCount = uint8(dictCount);
        c.status = STATUS_RUNNING;
        return true;
    }

    /// @dev A block header at `offset`: timestampDelta (varuint) ‖ baseFee (compact, below 2^128) ‖ queueCount
    ///      (varuint) ‖ txCount (varuint); `ok` false if any field is malformed or runs past the data's end.
    function _readBlockHeader(BatchData.Reader memory data, uint256 offset)
        private
        pure
        returns (bool ok, uint256 next, uint256 baseFee, uint64 queueCount, uint64 txCount)
    {
        (, next, ok) = data.readVaruint(offset);
        if (!ok) return (false, 0, 0, 0, 0);
        (baseFee, next, ok) = data.readCompact(next);
        if (!ok || baseFee > type(uint128).max) return (false, 0, 0, 0, 0);
        (queueCount, next, ok) = data.readVaruint(next);
        if (!ok) return (false, 0, 0, 0, 0);
        (txCount, next, ok) = data.readVaruint(next);
    }
}
