// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IBridge} from "./interfaces/IBridge.sol";
import {Bond, BatchRecord, IRollup, QueueEntryWitness, StateHeader} from "./interfaces/IRollup.sol";
import {DATA_CHUNK_BYTES, DATA_TREE_DEPTH, MAX_BATCH_BYTES, MAX_BATCH_STEPS} from "./libraries/Constants.sol";
import {WithdrawalTree} from "./libraries/WithdrawalTree.sol";

/// @title Rollup
/// @notice Halcyon's batches: append with checks of parent, caps and queue rules; finality; proposer bonds;
/// deletion of a batch and every later one when a game against it is lost. No owner, no upgrades: every
/// parameter is a constructor argument.
/// @dev Storage per batch is one hash of its record (docs/protocol.md §6.1; see BatchRecord), which keeps
/// appendBatch cheap; the record is emitted in BatchAppended and passed back by callers that need it.
/// The last batch's state root and queue position live in slots of their own for the parent checks.
contract Rollup is IRollup, ReentrancyGuardTransient {
    /// @notice The account that may append while it is active.
    address public immutable SEQUENCER;
    /// @notice The Bridge whose queue batches apply.
    IBridge public immutable BRIDGE;
    /// @notice The only contract that may open, close and settle games against batches.
    address public immutable DISPUTE_GAME;
    /// @notice Seconds after appendedAt during which a game can be opened against a batch.
    uint256 public immutable CHALLENGE_WINDOW;
    /// @notice Seconds without an append (or deletion) after which anyone bonded may append.
    uint256 public immutable INACTIVITY_PERIOD;
    /// @notice A batch may not leave unapplied a queue entry at least this many seconds old.
    uint256 public immutable FORCE_INCLUSION_DELAY;
    /// @notice The standing bond a proposer needs to append, and what it loses with a game.
    uint256 public immutable PROPOSER_BOND;

    /// @dev The head of the chain, packed in one slot: written by every append.
    struct Head {
        uint64 batchCount;
        uint64 queueApplied;
        uint64 lastActivityAt;
        uint64 epoch;
    }

    Head private _head;
    /// @inheritdoc IRollup
    bytes32 public lastStateRoot;
    /// @inheritdoc IRollup
    uint256 public finalizedCount;

    mapping(uint256 index => bytes32 recordHash) private _batchHashes;
    /// @inheritdoc IRollup
    mapping(bytes32 recordHash => uint256 count) public openGames;
    mapping(address proposer => Bond) private _bonds;

    modifier onlyDisputeGame() {
        if (msg.sender != DISPUTE_GAME) revert OnlyDisputeGame(msg.sender);
        _;
    }

    /// @param sequencer the account that may append while active
    /// @param bridge the Bridge (its address is predicted by the deploy script)
    /// @param disputeGame the DisputeGame (its address is predicted by the deploy script)
    /// @param challengeWindow seconds during which a batch can be disputed
    /// @param inactivityPeriod seconds without an append after which anyone bonded may append
    /// @param forceInclusionDelay seconds after which a queue entry must be applied by the next batch
    /// @param proposerBond the wei a proposer must have bonded to append
    constructor(
        address sequencer,
        address bridge,
        address disputeGame,
        uint256 challengeWindow,
        uint256 inactivityPeriod,
        uint256 forceInclusionDelay,
        uint256 proposerBond
    ) {
        if (bridge == address(0)) revert InvalidParameter("bridge");
        if (disputeGame == address(0)) revert InvalidParameter("disputeGame");
        if (challengeWindow == 0 || challengeWindow > type(uint64).max) revert InvalidParameter("challengeWindow");
        if (inactivityPeriod == 0 || inactivityPeriod > type(uint64).max) revert InvalidParameter("inactivityPeriod");
        if (forceInclusionDelay == 0 || forceInclusionDelay > type(uint64).max) {
            revert InvalidParameter("forceInclusionDelay");
        }
        if (proposerBond == 0 || proposerBond > type(uint128).max) revert InvalidParameter("proposerBond");
        SEQUENCER = sequencer;
        BRIDGE = IBridge(bridge);
        DISPUTE_GAME = disputeGame;
        CHALLENGE_WINDOW = challengeWindow;
        INACTIVITY_PERIOD = inactivityPeriod;
        FORCE_INCLUSION_DELAY = forceInclusionDelay;
        PROPOSER_BOND = proposerBond;

        // Genesis (docs/protocol.md §2.4): (ZERO, zero[32], 0, 0, 0); batch 0, final from the start.
        StateHeader memory genesis = StateHeader(bytes32(0), WithdrawalTree.EMPTY_ROOT, 0, 0, 0);
        bytes32 genesisRoot = keccak256(abi.encode(genesis));
        BatchRecord memory record = BatchRecord({
            index: 0,
            epoch: 0,
            dataRoot: bytes32(0),
            parentStateRoot: bytes32(0),
            stateRoot: genesisRoot,
            steps: 0,
            queueStart: 0,
            queueLimit: 0,
            queueApplied: 0,
            appendedAt: uint64(block.timestamp),
            proposer: address(0)
        });
        bytes32 recordHash = keccak256(abi.encode(record));
        _batchHashes[0] = recordHash;
        _head = Head({batchCount: 1, queueApplied: 0, lastActivityAt: uint64(block.timestamp), epoch: 0});
        lastStateRoot = genesisRoot;
        finalizedCount = 1;
        emit BatchAppended(0, recordHash, record, genesis);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Appending

    /// @inheritdoc IRollup
    function appendBatch(
        bytes calldata data,
        uint256 steps,
        StateHeader calldata header,
        bytes32 expectedParentStateRoot,
        QueueEntryWitness calldata nextEntry
    ) external returns (uint256 index) {
        Head memory head = _head;
        if (msg.sender != SEQUENCER) {
            uint256 openAt = uint256(head.lastActivityAt) + INACTIVITY_PERIOD;
            if (block.timestamp < openAt) revert SequencerOnly(msg.sender, openAt);
        }
        Bond memory bond = _bonds[msg.sender];
        if (bond.amount < PROPOSER_BOND || bond.exitAfter != 0) {
            revert ProposerNotBonded(msg.sender, bond.amount, PROPOSER_BOND);
        }
        if (data.length == 0 || data.length > MAX_BATCH_BYTES) revert InvalidDataLength(data.length);
        if (steps == 0 || steps > MAX_BATCH_STEPS) revert InvalidStepCount(steps);
        BatchRecord memory record;
        record.parentStateRoot = lastStateRoot;
        if (expectedParentStateRoot != record.parentStateRoot) {
            revert ParentStateRootMismatch(expectedParentStateRoot, record.parentStateRoot);
        }
        record.queueStart = head.queueApplied;
        record.queueApplied = header.queueApplied;
        record.queueLimit = _checkQueue(record.queueStart, record.queueApplied, nextEntry);
        index = head.batchCount;
        record.index = uint64(index);
        record.epoch = head.epoch;
        record.dataRoot = _dataRoot(data);
        record.stateRoot = keccak256(abi.encode(header));
        record.steps = uint32(steps);
        record.appendedAt = uint64(block.timestamp);
        record.proposer = msg.sender;

        bytes32 recordHash = keccak256(abi.encode(record));
        _batchHashes[index] = recordHash;
        _head = Head({
            batchCount: uint64(index + 1),
            queueApplied: record.queueApplied,
            lastActivityAt: uint64(block.timestamp),
            epoch: head.epoch
        });
        lastStateRoot = record.stateRoot;
        emit BatchAppended(index, recordHash, record, header);
    }

    /// @dev The queue rules of appendBatch; returns the queue length (the batch's queueLimit). Entries are
    /// applied in order and their timestamps never decrease, so checking the first unapplied entry checks all.
    function _checkQueue(uint64 queueStart, uint64 queueApplied, QueueEntryWitness calldata nextEntry)
        private
        view
        returns (uint64)
    {
        if (queueApplied < queueStart) revert QueueRewound(queueApplied, queueStart);
        (uint256 queueLength, bytes32 entryHash) = BRIDGE.queueInfo(queueApplied);
        if (queueApplied > queueLength) revert QueueOverrun(queueApplied, queueLength);
        if (queueApplied < queueLength) {
            if (keccak256(abi.encode(nextEntry.dataHash, nextEntry.timestamp)) != entryHash) {
                revert QueueEntryMismatch(queueApplied);
            }
            if (uint256(nextEntry.timestamp) + FORCE_INCLUSION_DELAY <= block.timestamp) {
                revert ForcedInclusionOverdue(queueApplied, nextEntry.timestamp);
            }
        }
        return uint64(queueLength);
    }

    /// @dev dataRoot = keccak256(abi.encode(chunkRoot, uint256 length)), chunkRoot the depth-7 Merkle root
    /// of keccak256(chunk) over 1024-byte chunks, ZERO for missing leaves (docs/protocol.md §6.2). Each chunk
    /// is copied from calldata into one reused scratch buffer and hashed there; the leaves are then folded
    /// in place, level by level, padding an odd level with the all-zero subtree of that height. Memory past
    /// the free pointer is used as scratch and not kept.
    function _dataRoot(bytes calldata data) private pure returns (bytes32 root) {
        uint256 chunkBytes = DATA_CHUNK_BYTES;
        uint256 depth = DATA_TREE_DEPTH;
        assembly ("memory-safe") {
            let length := data.length
            let leaves := mload(0x40)
            let scratch := add(leaves, shl(5, shl(depth, 1)))
            let count := div(add(length, sub(chunkBytes, 1)), chunkBytes)
            let offset := data.offset
            let last := sub(count, 1)
            for { let j := 0 } lt(j, last) { j := add(j, 1) } {
                calldatacopy(scratch, offset, chunkBytes)
                mstore(add(leaves, shl(5, j)), keccak256(scratch, chunkBytes))
                offset := add(offset, chunkBytes)
            }
            let tail := sub(length, mul(last, chunkBytes))
            calldatacopy(scratch, offset, tail)
            mstore(add(leaves, shl(5, last)), keccak256(scratch, tail))

            let n := count
            let zero := 0
            for { let h := 0 } lt(h, depth) { h := add(h, 1) } {
                if and(n, 1) {
                    mstore(add(leaves, shl(5, n)), zero)
                    n := add(n, 1)
                }
                n := shr(1, n)
                for { let i := 0 } lt(i, n) { i := add(i, 1) } {
                    mstore(add(leaves, shl(5, i)), keccak256(add(leaves, shl(6, i)), 0x40))
                }
                mstore(0x00, zero)
                mstore(0x20, zero)
                zero := keccak256(0x00, 0x40)
            }
            mstore(0x00, mload(leaves))
            mstore(0x20, length)
            root := keccak256(0x00, 0x40)
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // Bonds

    /// @inheritdoc IRollup
    function depositBond() external payable {
        if (msg.value == 0) revert ZeroBondDeposit();
        Bond storage bond = _bonds[msg.sender];
        uint256 total = uint256(bond.amount) + msg.value;
        bond.amount = uint128(total); // ETH supply is far below 2^128
        emit BondDeposited(msg.sender, msg.value, total);
    }

    /// @inheritdoc IRollup
    function requestBondExit() external {
        Bond storage bond = _bonds[msg.sender];
        if (bond.amount == 0) revert NoBond(msg.sender);
        if (bond.exitAfter != 0) revert BondExitAlreadyRequested(msg.sender);
        uint64 exitAfter = _head.batchCount;
        bond.exitAfter = exitAfter;
        emit BondExitRequested(msg.sender, exitAfter);
    }

    /// @inheritdoc IRollup
    function withdrawBond() external nonReentrant {
        Bond memory bond = _bonds[msg.sender];
        if (bond.amount == 0) revert NoBond(msg.sender);
        if (bond.exitAfter == 0 || finalizedCount < bond.exitAfter) {
            revert BondLocked(msg.sender, bond.exitAfter, finalizedCount);
        }
        delete _bonds[msg.sender];
        emit BondWithdrawn(msg.sender, bond.amount);
        _sendEth(msg.sender, bond.amount);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Finality

    /// @inheritdoc IRollup
    function finalizeBatches(BatchRecord calldata last) external returns (uint256) {
        _checkLive(last);
        uint256 finalized = finalizedCount;
        if (last.index < finalized || block.timestamp < uint256(last.appendedAt) + CHALLENGE_WINDOW) {
            return finalized;
        }
        uint256 start = finalized;
        uint256 end = uint256(last.index) + 1;
        while (finalized < end && openGames[_batchHashes[finalized]] == 0) {
            ++finalized;
        }
        if (finalized != start) {
            finalizedCount = finalized;
            emit BatchesFinalized(start, finalized);
        }
        return finalized;
    }

    // -------------------------------------------------------------------------------------------------------------
    // DisputeGame hooks

    /// @inheritdoc IRollup
    function onGameOpened(BatchRecord calldata record) external onlyDisputeGame returns (bytes32 recordHash) {
        recordHash = _checkLive(record);
        if (record.index < finalizedCount) revert BatchAlreadyFinal(record.index);
        uint256 closesAt = uint256(record.appendedAt) + CHALLENGE_WINDOW;
        if (block.timestamp >= closesAt) revert ChallengeWindowClosed(record.index, closesAt);
        ++openGames[recordHash];
    }

    /// @inheritdoc IRollup
    function onGameClosed(bytes32 recordHash) external onlyDisputeGame {
        --openGames[recordHash];
    }

    /// @inheritdoc IRollup
    function onGameLost(BatchRecord calldata record) external onlyDisputeGame returns (uint256 slashed) {
        bytes32 recordHash = _checkLive(record);
        // A batch with an open game never becomes final, and neither does any later one.
        if (record.index < finalizedCount) revert BatchAlreadyFinal(record.index);
        --openGames[recordHash];

        Head memory head = _head;
        uint64 newEpoch = head.epoch + 1;
        _head = Head({
            batchCount: record.index,
            queueApplied: record.queueStart,
            lastActivityAt: uint64(block.timestamp),
            epoch: newEpoch
        });
        lastStateRoot = record.parentStateRoot;
        emit BatchesDeleted(record.index, head.batchCount, record.parentStateRoot, record.queueStart, newEpoch);

        Bond storage bond = _bonds[record.proposer];
        slashed = bond.amount < PROPOSER_BOND ? bond.amount : PROPOSER_BOND;
        if (slashed != 0) {
            bond.amount -= uint128(slashed);
            emit ProposerSlashed(record.proposer, record.index, slashed);
            _sendEth(DISPUTE_GAME, slashed);
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // Views

    /// @inheritdoc IRollup
    function batchCount() external view returns (uint256) {
        return _head.batchCount;
    }

    /// @inheritdoc IRollup
    function batchHash(uint256 index) external view returns (bytes32) {
        return _batchHashes[index];
    }

    /// @inheritdoc IRollup
    function isLive(uint256 index, bytes32 recordHash) external view returns (bool) {
        return index < _head.batchCount && _batchHashes[index] == recordHash;
    }

    /// @inheritdoc IRollup
    function isFinal(uint256 index) external view returns (bool) {
        return index < finalizedCount;
    }

    /// @inheritdoc IRollup
    function lastQueueApplied() external view returns (uint64) {
        return _head.queueApplied;
    }

    /// @inheritdoc IRollup
    function epoch() external view returns (uint64) {
        return _head.epoch;
    }

    /// @inheritdoc IRollup
    function escapeHatchOpensAt() external view returns (uint256) {
        return uint256(_head.lastActivityAt) + INACTIVITY_PERIOD;
    }

    /// @inheritdoc IRollup
    function bondOf(address proposer) external view returns (Bond memory) {
        return _bonds[proposer];
    }

    /// @inheritdoc IRollup
    function hashRecord(BatchRecord calldata record) external pure returns (bytes32) {
        return keccak256(abi.encode(record));
    }

    // -------------------------------------------------------------------------------------------------------------
    // Internals

    /// @dev Returns the record's hash if it is the record of a live batch; reverts otherwise.
    function _checkLive(BatchRecord calldata record) private view returns (bytes32 recordHash) {
        recordHash = keccak256(abi.encode(record));
        if (record.index >= _head.batchCount || _batchHashes[record.index] != recordHash) {
            revert BatchRecordMismatch(record.index);
        }
    }

    function _sendEth(address to, uint256 amount) private {
        bool success;
        assembly ("memory-safe") {
            success := call(gas(), to, amount, 0, 0, 0, 0)
        }
        if (!success) revert EthTransferFailed(to, amount);
    }
}
