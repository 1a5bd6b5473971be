// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {
    GAS_PER_DATA_BYTE, GAS_TOKEN_CALL, GAS_TRANSFER, GAS_WITHDRAWAL, L2_BRIDGE_ADDRESS
} from "../libraries/Constants.sol";
import {StateKeys} from "../libraries/StateKeys.sol";
import {TransactionHashing} from "../libraries/TransactionHashing.sol";
import {WithdrawalTree} from "../libraries/WithdrawalTree.sol";
import {Account, L2State, L2StateAccess} from "./L2State.sol";
import {TokenCall} from "./TokenCall.sol";

/// @title TransactionExecution
/// @notice Applies one signed transaction to the state (docs/protocol.md §3.4-§3.5): invalid (nothing
/// changes), failed (nonce and fee only) or succeeded (nonce, fee and the call's effect). Shared by batch
/// transactions (price base: the block's) and forced transactions (price base: MIN_BASE_FEE).
/// @dev Mirrors applyTransaction (packages/protocol/src/stf/applyTransaction.ts), reads in the same order.
library TransactionExecution {
    using L2StateAccess for L2State;

    /// @notice Outcomes, for callers and tests (the state is what counts).
    uint8 internal constant INVALID = 0;
    uint8 internal constant FAILED = 1;
    uint8 internal constant SUCCEEDED = 2;

    uint256 private constant CALL_TRANSFER = 0;
    uint256 private constant CALL_WITHDRAWAL = 1;
    uint256 private constant CALL_TOKEN = 2;

    /// @notice Applies `t`, signed by `sender` (address(0): recovery failed), at price base `priceBase`;
    /// every fee goes to `feeVault`.
    function execute(
        L2State memory s,
        TransactionHashing.Fields memory t,
        address sender,
        uint256 priceBase,
        address feeVault
    ) internal pure returns (uint8 outcome) {
        // Step 1: a signature that recovers no sender.
        if (sender == address(0)) return INVALID;
        // Steps 2-4.
        (bool valid, uint256 fee, uint256 callKind, bool failed) = _chargeSender(s, t, sender, priceBase);
        if (!valid) return INVALID;
        // Step 5: the fee.
        s.creditEth(feeVault, fee);
        // Step 6: the call's effect.
        if (failed) return FAILED;
        if (callKind == CALL_TRANSFER) {
            s.creditEth(t.to, t.value);
        } else if (callKind == CALL_WITHDRAWAL) {
            s.appendWithdrawal(sender, address(0), t.value);
        } else if (!TokenCall.execute(s, t.to, sender, t.data)) {
            return FAILED;
        }
        return SUCCEEDED;
    }

    /// @dev Steps 2-4 of §3.4: read the sender's account and check validity; if valid, decide whether the
    ///      call fails before it starts and write the sender (nonce + 1, balance - fee - the ETH it moves).
    function _chargeSender(L2State memory s, TransactionHashing.Fields memory t, address sender, uint256 priceBase)
        private
        pure
        returns (bool valid, uint256 fee, uint256 callKind, bool failed)
    {
        Account memory a = s.readAccount(sender);
        if (a.nonce != t.nonce || a.nonce == type(uint64).max) return (false, 0, 0, false);
        callKind = _callKind(t.to);
        {
            uint256 gasUsed = _requiredGas(callKind, t.data.length);
            if (t.gasLimit < gasUsed || t.tip > t.maxFee || t.maxFee < priceBase) return (false, 0, 0, false);
            if (!_affordable(t.gasLimit, t.maxFee, t.value, a.balance)) return (false, 0, 0, false);
            // Step 3. Affordable means gasLimit * maxFee < 2^128, so priceBase + tip cannot overflow.
            uint256 price = priceBase + t.tip;
            if (t.maxFee < price) price = t.maxFee;
            fee = gasUsed * price;
        }
        // Step 4.
        if (callKind == CALL_TRANSFER) {
            failed = t.data.length != 0;
        } else if (callKind == CALL_WITHDRAWAL) {
            failed = t.data.length != 0 || t.value == 0 || s.withdrawalCount >= WithdrawalTree.CAPACITY;
        } else {
            failed = t.value != 0;
        }
        uint256 moved = callKind != CALL_TOKEN && !failed ? t.value : 0;
        a.balance = a.balance - fee - moved;
        a.nonce += 1;
        s.writeAccount(a);
        valid = true;
    }

    /// @dev The call kind, by recipient alone: L2_BRIDGE_ADDRESS, a token address, or anything else.
    function _callKind(address to) private pure returns (uint256) {
        if (to == L2_BRIDGE_ADDRESS) return CALL_WITHDRAWAL;
        if (StateKeys.isToken(to)) return CALL_TOKEN;
        return CALL_TRANSFER;
    }

    /// @dev Required gas: by call kind, plus GAS_PER_DATA_BYTE per data byte.
    function _requiredGas(uint256 callKind, uint256 dataLength) private pure returns (uint256) {
        uint256 base =
            callKind == CALL_WITHDRAWAL ? GAS_WITHDRAWAL : callKind == CALL_TOKEN ? GAS_TOKEN_CALL : GAS_TRANSFER;
        return base + GAS_PER_DATA_BYTE * dataLength;
    }

    /// @dev Whether gasLimit * maxFee + value <= balance, in exact integers (a forced transaction's fees are
    ///      256-bit, so the product may not fit a word).
    function _affordable(uint256 gasLimit, uint256 maxFee, uint256 value, uint256 balance)
        private
        pure
        returns (bool)
    {
        if (maxFee != 0 && gasLimit > type(uint256).max / maxFee) return false;
        uint256 cost = gasLimit * maxFee;
        return cost <= balance && value <= balance - cost;
    }
}
