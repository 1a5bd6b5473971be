// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IStepVerifierErrors as E} from "../interfaces/IStepVerifierErrors.sol";
import {StateKeys} from "../libraries/StateKeys.sol";
import {WithdrawalTree} from "../libraries/WithdrawalTree.sol";
import {L2State, L2StateAccess} from "./L2State.sol";

/// @title TokenCall
/// @notice A call to a bridged-token address with value 0 (docs/protocol.md §3.5): `transfer(address,
/// uint256)` or `withdraw(uint256)`; anything else fails. A failed call changes nothing here (the sender's
/// nonce and fee are already written), though it may have read the state on its way to failing.
/// @dev Mirrors applyTokenCall (packages/protocol/src/stf/applyTransaction.ts), reads in the same order.
library TokenCall {
    using L2StateAccess for L2State;

    /// @notice Selector of transfer(address,uint256).
    bytes4 internal constant TRANSFER_SELECTOR = 0xa9059cbb;
    /// @notice Selector of withdraw(uint256).
    bytes4 internal constant WITHDRAW_SELECTOR = 0x2e1a7d4d;

    /// @notice Applies the call of `token` by `sender` with `data`; returns whether it succeeded.
    function execute(L2State memory s, address token, address sender, bytes memory data)
        internal
        pure
        returns (bool succeeded)
    {
        if (data.length < 4) return false;
        bytes4 selector = bytes4(data);
        if (selector == TRANSFER_SELECTOR && data.length == 68) return _transfer(s, token, sender, data);
        if (selector == WITHDRAW_SELECTOR && data.length == 36) return _withdraw(s, token, sender, data);
        return false;
    }

    /// @dev transfer(recipient, amount): the address word's top 12 bytes zero and the recipient not 0x0;
    ///      read the sender's balance, fail if below amount; write it minus amount; read and write the
    ///      recipient's plus amount; ensureAccount(recipient).
    function _transfer(L2State memory s, address token, address sender, bytes memory data) private pure returns (bool) {
        uint256 recipientWord;
        uint256 amount;
        assembly ("memory-safe") {
            recipientWord := mload(add(data, 36))
            amount := mload(add(data, 68))
        }
        if (recipientWord >> 160 != 0 || recipientWord == 0) return false;
        address recipient = address(uint160(recipientWord));
        bytes32 fromKey = StateKeys.tokenBalanceKey(token, sender);
        (, uint256 fromBalance) = s.readWord(fromKey);
        if (fromBalance < amount) return false;
        s.writeWord(fromKey, fromBalance - amount);
        bytes32 toKey = StateKeys.tokenBalanceKey(token, recipient);
        (, uint256 toBalance) = s.readWord(toKey);
        // Balances are bounded by the supply (< 2^256): unreachable.
        if (amount > type(uint256).max - toBalance) revert E.StateInvariantViolated(toKey);
        s.writeWord(toKey, toBalance + amount);
        s.ensureAccount(recipient);
        return true;
    }

    /// @dev withdraw(amount): fail if amount is 0 or the withdrawals tree is full; read the token's L1
    ///      address, fail if absent; read the sender's balance, fail if below amount; write it minus amount;
    ///      read and write the supply minus amount; append the withdrawal (sender, sender, l1Token, amount).
    function _withdraw(L2State memory s, address token, address sender, bytes memory data) private pure returns (bool) {
        uint256 amount;
        assembly ("memory-safe") {
            amount := mload(add(data, 36))
        }
        if (amount == 0 || s.withdrawalCount >= WithdrawalTree.CAPACITY) return false;
        (bool registered, uint256 l1Word) = s.readWord(StateKeys.tokenL1AddressKey(token));
        if (!registered) return false;
        bytes32 balanceKey = StateKeys.tokenBalanceKey(token, sender);
        (, uint256 balance) = s.readWord(balanceKey);
        if (balance < amount) return false;
        s.writeWord(balanceKey, balance - amount);
        bytes32 supplyKey = StateKeys.tokenSupplyKey(token);
        (, uint256 supply) = s.readWord(supplyKey);
        // The supply is the sum of all balances: unreachable.
        if (supply < amount) revert E.StateInvariantViolated(supplyKey);
        s.writeWord(supplyKey, supply - amount);
        s.appendWithdrawal(sender, address(uint160(l1Word)), amount);
        return true;
    }
}
