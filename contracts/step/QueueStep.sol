// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IBridge} from "../interfaces/IBridge.sol";
import {IStepVerifierErrors as E} from "../interfaces/IStepVerifierErrors.sol";
import {
    MIN_BASE_FEE, QUEUE_KIND_ERC20_DEPOSIT, QUEUE_KIND_ETH_DEPOSIT, QUEUE_KIND_FORCED_TX
} from "../libraries/Constants.sol";
import {StateKeys} from "../libraries/StateKeys.sol";
import {TransactionHashing} from "../libraries/TransactionHashing.sol";
import {Account, L2State, L2StateAccess} from "./L2State.sol";
import {MachineCursor, QueueEntryPreimage} from "./StepWitness.sol";
import {TransactionExecution} from "./TransactionExecution.sol";

/// @title QueueStep
/// @notice The queue step of docs/protocol.md §6.4: apply L1 queue entry number queueApplied (§3.6), which
/// the witness supplies and the Bridge's stored hash (§4) authenticates, then count it applied.
/// @dev Mirrors BatchMachine.#queueStep and applyQueueEntry (packages/protocol/src/stf/applyQueueEntry.ts).
library QueueStep {
    using L2StateAccess for L2State;

    /// @dev abi.encode(uint8 1, from, to, amount): the dataHash preimage of an ETH deposit.
    struct EthDeposit {
        uint8 kind;
        address from;
        address to;
        uint256 amount;
    }

    /// @dev abi.encode(uint8 2, from, to, l1Token, amount): the dataHash preimage of an ERC-20 deposit.
    struct Erc20Deposit {
        uint8 kind;
        address from;
        address to;
        address l1Token;
        uint256 amount;
    }

    /// @dev abi.encode(uint8 3, from, txType, nonce, tip, maxFee, gasLimit, to, value, data, yParity, r, s):
    ///      the dataHash preimage of a forced transaction.
    struct ForcedTransaction {
        uint8 kind;
        address from;
        uint8 txType;
        uint64 nonce;
        uint256 tip;
        uint256 maxFee;
        uint64 gasLimit;
        address to;
        uint256 value;
        bytes data;
        uint8 yParity;
        uint256 r;
        uint256 s;
    }

    /// @dev Preimage lengths: 4 and 5 words; a forced transaction has 13 head words, the data's length
    ///      word and its padded bytes.
    uint256 private constant ETH_DEPOSIT_BYTES = 4 * 32;
    uint256 private constant ERC20_DEPOSIT_BYTES = 5 * 32;
    uint256 private constant FORCED_TX_MIN_BYTES = 14 * 32;

    /// @notice Runs the queue step on `c` and `s` (queueLeft > 0; the status is neither ENDED nor HALTED).
    /// Reverts unless `entry` is the one `bridge` stores at position queueApplied (< queueLimit).
    function run(
        MachineCursor memory c,
        L2State memory s,
        QueueEntryPreimage calldata entry,
        IBridge bridge,
        uint64 queueLimit,
        uint256 chainId,
        address feeVault
    ) internal view {
        uint64 index = s.queueApplied;
        if (index >= queueLimit) revert E.QueueIndexBeyondLimit(index, queueLimit);
        bytes calldata preimage = entry.data;
        {
            bytes32 stored = bridge.queueEntry(index);
            bytes32 computed = keccak256(abi.encode(keccak256(preimage), entry.l1Timestamp));
            if (computed != stored) revert E.QueueEntryMismatch(index, stored, computed);
        }
        uint256 kind = preimage.length >= 32 ? uint256(bytes32(preimage[0:32])) : type(uint256).max;
        if (kind == QUEUE_KIND_ETH_DEPOSIT && preimage.length == ETH_DEPOSIT_BYTES) {
            EthDeposit calldata d;
            assembly ("memory-safe") {
                d := preimage.offset
            }
            _ethDeposit(s, d);
        } else if (kind == QUEUE_KIND_ERC20_DEPOSIT && preimage.length == ERC20_DEPOSIT_BYTES) {
            Erc20Deposit calldata d;
            assembly ("memory-safe") {
                d := preimage.offset
            }
            _erc20Deposit(s, d);
        } else if (kind == QUEUE_KIND_FORCED_TX && preimage.length >= FORCED_TX_MIN_BYTES) {
            ForcedTransaction calldata f;
            assembly ("memory-safe") {
                f := preimage.offset
            }
            _forcedTransaction(s, f, chainId, feeVault);
        } else {
            revert E.MalformedQueueEntry(kind, preimage.length);
        }
        // Every entry, whatever its outcome, counts as applied.
        s.queueApplied = index + 1;
        c.queueLeft -= 1;
    }

    /// @dev creditEth(to, amount), except that nothing is written after the read if the balance would
    ///      reach 2^128.
    function _ethDeposit(L2State memory s, EthDeposit calldata d) private pure {
        address to = d.to;
        uint256 amount = d.amount;
        Account memory a = s.readAccount(to);
        if (amount > type(uint128).max - a.balance) return;
        s.creditEthAfterRead(to, a, amount);
    }

    /// @dev Registration of the token on its first deposit (L1-address leaf, then ensureAccount(token)); a
    ///      leaf holding another L1 address stops everything; a supply that would reach 2^256 stops the
    ///      rest; else supply and balance grow by amount and ensureAccount(to).
    function _erc20Deposit(L2State memory s, Erc20Deposit calldata d) private pure {
        address l1Token = d.l1Token;
        address to = d.to;
        uint256 amount = d.amount;
        address token = StateKeys.tokenAddress(l1Token);
        bytes32 l1Key = StateKeys.tokenL1AddressKey(token);
        (bool registered, uint256 l1Word) = s.readWord(l1Key);
        if (!registered) {
            s.writeWord(l1Key, uint256(uint160(l1Token)));
            s.ensureAccount(token);
        } else if (l1Word != uint256(uint160(l1Token))) {
            return;
        }
        bytes32 supplyKey = StateKeys.tokenSupplyKey(token);
        (, uint256 supply) = s.readWord(supplyKey);
        if (amount > type(uint256).max - supply) return;
        s.writeWord(supplyKey, supply + amount);
        bytes32 balanceKey = StateKeys.tokenBalanceKey(token, to);
        (, uint256 balance) = s.readWord(balanceKey);
        // A balance is at most the supply, which did not overflow: unreachable.
        if (amount > type(uint256).max - balance) revert E.StateInvariantViolated(balanceKey);
        s.writeWord(balanceKey, balance + amount);
        s.ensureAccount(to);
    }

    /// @dev The transaction of §3.4 at price base MIN_BASE_FEE, signed for this chain (the Bridge accepted
    ///      it only with CHAIN_ID, §3.6).
    function _forcedTransaction(L2State memory s, ForcedTransaction calldata f, uint256 chainId, address feeVault)
        private
        view
    {
        TransactionHashing.Fields memory t = TransactionHashing.Fields({
            txType: f.txType,
            chainId: chainId,
            nonce: f.nonce,
            tip: f.tip,
            maxFee: f.maxFee,
            gasLimit: f.gasLimit,
            to: f.to,
            value: f.value,
            data: f.data
        });
        address sender = TransactionHashing.sender(t, f.yParity, f.r, f.s);
        TransactionExecution.execute(s, t, sender, MIN_BASE_FEE, feeVault);
    }
}
