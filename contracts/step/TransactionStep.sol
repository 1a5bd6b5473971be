// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {BatchData} from "../libraries/BatchData.sol";
import {STATUS_HALTED} from "../libraries/Constants.sol";
import {TransactionHashing} from "../libraries/TransactionHashing.sol";
import {L2State, L2StateAccess} from "./L2State.sol";
import {MachineCursor} from "./StepWitness.sol";
import {TokenCall} from "./TokenCall.sol";
import {TransactionExecution} from "./TransactionExecution.sol";
import {TransactionRecord, TxRecord} from "./TransactionRecord.sol";

/// @title TransactionStep
/// @notice The transaction step of docs/protocol.md §6.4: read the record at the cursor's offset (halt if
/// malformed), resolve its address references in record order, rebuild the signed fields, recover the
/// sender and apply the transaction at the block's price base.
/// @dev Mirrors BatchMachine.#txStep (packages/protocol/src/stf/batchMachine.ts).
library TransactionStep {
    using L2StateAccess for L2State;

    uint256 private constant KIND_TOKEN_TRANSFER = 1;

    /// @notice Runs the transaction step on `c` and `s` (queueLeft is 0, txLeft is not; the status is
    /// neither ENDED nor HALTED). `chainId` is the L2's, `feeVault` receives the fee.
    function run(
        MachineCursor memory c,
        L2State memory s,
        BatchData.Reader memory data,
        uint256 chainId,
        address feeVault
    ) internal view {
        (TxRecord memory rec, bool ok) = TransactionRecord.read(data, c.offset, c.dictCount);
        if (!ok) {
            c.status = STATUS_HALTED;
            return;
        }
        c.txLeft -= 1;
        // rec.next <= dataLength <= MAX_BATCH_BYTES: it fits 32 bits.
        c.offset = uint32(rec.next);

        // An index above accountCount makes the transaction invalid: a no-op past this point.
        address to = rec.to;
        if (rec.toIndex != 0) {
            if (rec.toIndex > s.accountCount) return;
            to = s.addressOfIndex(rec.toIndex);
        }
        bytes memory callData = rec.data;
        uint256 value = rec.value;
        if (rec.kind == KIND_TOKEN_TRANSFER) {
            address recipient = rec.recipient;
            if (rec.recipientIndex != 0) {
                if (rec.recipientIndex > s.accountCount) return;
                recipient = s.addressOfIndex(rec.recipientIndex);
            }
            callData = abi.encodeWithSelector(TokenCall.TRANSFER_SELECTOR, recipient, rec.amount);
            value = 0;
        }

        TransactionHashing.Fields memory t = TransactionHashing.Fields({
            txType: rec.txType,
            chainId: chainId,
            nonce: rec.nonce,
            tip: rec.tip,
            maxFee: rec.maxFee,
            gasLimit: rec.gasLimit,
            to: to,
            value: value,
            data: callData
        });
        address sender = TransactionHashing.sender(t, rec.yParity, rec.r, rec.s);
        TransactionExecution.execute(s, t, sender, c.baseFee, feeVault);
    }
}
