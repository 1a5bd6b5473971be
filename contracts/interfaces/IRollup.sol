// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice The state header a state root commits to (docs/protocol.md §2.4).
/// @dev stateRoot = keccak256(abi.encode(header)).
struct StateHeader {
    bytes32 treeRoot;
    bytes32 withdrawalsRoot;
    uint64 withdrawalCount;
    uint64 queueApplied;
    uint64 accountCount;
}

/// @notice Everything the L1 contracts remember about one batch (docs/protocol.md §6.1). The Rollup stores
/// only keccak256(abi.encode(record)) per batch and emits the record in BatchAppended; every function that
/// needs a record takes it as an argument and checks it against the stored hash.
/// @param index position of the batch (0 is genesis)
/// @param epoch the Rollup's deletion count when the batch was appended: it makes the hash of every record
/// unique, so a batch appended again at the index of a deleted one never shares the deleted one's games
/// @param dataRoot commitment to the batch data (docs/protocol.md §6.2)
/// @param parentStateRoot the state root of batch index - 1
/// @param stateRoot the claimed post-state root
/// @param steps the declared step count (1 to MAX_BATCH_STEPS; 0 only for genesis)
/// @param queueStart the parent's queueApplied: the first queue entry the batch may apply
/// @param queueLimit the Bridge's queue length when the batch was appended
/// @param queueApplied the post-state header's queueApplied
/// @param appendedAt L1 timestamp of the append; the challenge window runs from here
/// @param proposer the account that appended the batch and whose bond stands behind it
struct BatchRecord {
    uint64 index;
    uint64 epoch;
    bytes32 dataRoot;
    bytes32 parentStateRoot;
    bytes32 stateRoot;
    uint32 steps;
    uint64 queueStart;
    uint64 queueLimit;
    uint64 queueApplied;
    uint64 appendedAt;
    address proposer;
}

/// @notice The (dataHash, timestamp) preimage of one queue entry hash (docs/protocol.md §4).
struct QueueEntryWitness {
    bytes32 dataHash;
    uint64 timestamp;
}

/// @notice A proposer's standing bond.
/// @param amount wei held for the proposer
/// @param exitAfter 0 while the proposer is active; after requestBondExit, the batch count that must be
/// final before the bond can be withdrawn (the proposer can append no more batches meanwhile)
struct Bond {
    uint128 amount;
    uint64 exitAfter;
}

/// @title IRollup
/// @notice Batches, state roots, finality and proposer bonds of Halcyon.
interface IRollup {
    // ---------------------------------------------------------------------------------------------------------
    // Events

    /// @notice A batch was appended (index 0 is genesis, emitted by the constructor).
    /// @param index the batch index
    /// @param recordHash keccak256(abi.encode(record)), the value stored for the batch
    /// @param record the batch record, to pass back to functions that need it
    /// @param header the post-state header whose hash is record.stateRoot
    event BatchAppended(uint256 indexed index, bytes32 indexed recordHash, BatchRecord record, StateHeader header);

    /// @notice Batches [fromIndex, toIndex) became final.
    event BatchesFinalized(uint256 fromIndex, uint256 toIndex);

    /// @notice A lost dispute deleted batches [fromIndex, previousCount) and rewound the chain to the parent.
    /// @param fromIndex the batch whose game was lost; it and every later batch are gone
    /// @param previousCount the batch count before the deletion
    /// @param stateRoot the state root the chain continues from (the parent's)
    /// @param queueApplied the queue position the chain continues from (the parent's)
    /// @param epoch the new deletion count, recorded in every later batch record
    event BatchesDeleted(
        uint256 indexed fromIndex, uint256 previousCount, bytes32 stateRoot, uint64 queueApplied, uint64 epoch
    );

    /// @notice A proposer's bond was slashed because a game against one of its batches was lost.
    /// @param amount wei taken from the bond and sent to the DisputeGame for the challenger (and the burn)
    event ProposerSlashed(address indexed proposer, uint256 indexed batchIndex, uint256 amount);

    /// @notice ETH was added to a proposer's bond.
    event BondDeposited(address indexed proposer, uint256 amount, uint256 total);

    /// @notice A proposer stopped appending; its bond unlocks once batches [0, exitAfter) are final.
    event BondExitRequested(address indexed proposer, uint64 exitAfter);

    /// @notice A proposer's bond was paid out to it and cleared.
    event BondWithdrawn(address indexed proposer, uint256 amount);

    // ---------------------------------------------------------------------------------------------------------
    // Errors

    /// @notice Only the sequencer may append until the inactivity period has passed since the last append.
    /// @param caller the refused caller
    /// @param openAt the timestamp from which anyone bonded may append
    error SequencerOnly(address caller, uint256 openAt);

    /// @notice The caller has no active proposer bond of at least PROPOSER_BOND.
    error ProposerNotBonded(address proposer, uint256 bond, uint256 required);

    /// @notice Batch data must be 1 to MAX_BATCH_BYTES bytes.
    error InvalidDataLength(uint256 length);

    /// @notice The declared step count must be 1 to MAX_BATCH_STEPS.
    error InvalidStepCount(uint256 steps);

    /// @notice The batch was built on another parent (e.g. one that a lost game deleted).
    /// @param expected the parent state root the caller built on
    /// @param actual the state root of the last batch
    error ParentStateRootMismatch(bytes32 expected, bytes32 actual);

    /// @notice The header's queueApplied is below the parent's: applied entries cannot be un-applied.
    error QueueRewound(uint64 queueApplied, uint64 queueStart);

    /// @notice The header's queueApplied is beyond the Bridge's queue.
    error QueueOverrun(uint64 queueApplied, uint256 queueLength);

    /// @notice The witness of the first unapplied queue entry does not match the Bridge's stored hash.
    error QueueEntryMismatch(uint256 queueIndex);

    /// @notice The batch leaves a queue entry unapplied that is older than FORCE_INCLUSION_DELAY.
    /// @param queueIndex the first unapplied entry
    /// @param timestamp its L1 timestamp
    error ForcedInclusionOverdue(uint256 queueIndex, uint64 timestamp);

    /// @notice The record does not match a live batch (unknown index, deleted, or wrong preimage).
    error BatchRecordMismatch(uint256 index);

    /// @notice A game can be opened only while now < appendedAt + CHALLENGE_WINDOW.
    error ChallengeWindowClosed(uint256 index, uint256 closedAt);

    /// @notice Final batches cannot be disputed or deleted.
    error BatchAlreadyFinal(uint256 index);

    /// @notice Only the DisputeGame may call this.
    error OnlyDisputeGame(address caller);

    /// @notice A bond deposit must carry ETH.
    error ZeroBondDeposit();

    /// @notice The proposer has already requested its bond's exit.
    error BondExitAlreadyRequested(address proposer);

    /// @notice The bond cannot be withdrawn yet: no exit requested, or batches before exitAfter not final.
    error BondLocked(address proposer, uint64 exitAfter, uint256 finalizedCount);

    /// @notice There is no bond to withdraw.
    error NoBond(address proposer);

    /// @notice Sending ETH failed.
    error EthTransferFailed(address to, uint256 amount);

    /// @notice A constructor argument is out of range.
    error InvalidParameter(string name);

    // ---------------------------------------------------------------------------------------------------------
    // Proposers

    /// @notice Appends a batch on top of the last one.
    /// @dev Callable by SEQUENCER, or by anyone once INACTIVITY_PERIOD has passed since the last append or
    /// deletion; the caller needs an active bond of at least PROPOSER_BOND. Checks the data size and step
    /// caps, the parent, and the queue rules: queueStart <= header.queueApplied <= queue length, and when
    /// entries stay unapplied, the first of them (witnessed by nextEntry) must be younger than
    /// FORCE_INCLUSION_DELAY. Computes dataRoot (docs/protocol.md §6.2) and the state root from the header.
    /// @param data the batch data (docs/protocol.md §6.3)
    /// @param steps the declared step count
    /// @param header the claimed post-state header
    /// @param expectedParentStateRoot the state root the batch was built on
    /// @param nextEntry preimage of queue entry header.queueApplied when it exists (ignored otherwise)
    /// @return index the new batch's index
    function appendBatch(
        bytes calldata data,
        uint256 steps,
        StateHeader calldata header,
        bytes32 expectedParentStateRoot,
        QueueEntryWitness calldata nextEntry
    ) external returns (uint256 index);

    /// @notice Adds msg.value to the caller's proposer bond.
    function depositBond() external payable;

    /// @notice Stops the caller from appending and starts its bond's unlock: the bond can be withdrawn
    /// once every batch that exists now is final.
    function requestBondExit() external;

    /// @notice Pays the caller's whole bond out to it after requestBondExit, once batches [0, exitAfter) are final.
    function withdrawBond() external;

    // ---------------------------------------------------------------------------------------------------------
    // Finality

    /// @notice Advances finality up to and including `last`, as far as it goes, and returns the final count.
    /// @dev Finality is a cursor: batches [0, finalizedCount) are final. A batch is final when its challenge
    /// window has passed, no game on it is open, and its parent is final. Windows close in batch order
    /// (appendedAt never decreases), so `last`'s closed window implies every earlier one; the cursor then
    /// walks from finalizedCount to last.index and stops at the first batch with an open game. The gas is
    /// linear in the batches advanced over; the caller bounds it by its choice of `last`. Nothing changes
    /// (and nothing reverts) when `last`'s window is still open. Permissionless; the Bridge calls it lazily.
    /// @param last the record of the last batch to finalize
    /// @return finalizedCount the number of final batches after the call
    function finalizeBatches(BatchRecord calldata last) external returns (uint256 finalizedCount);

    // ---------------------------------------------------------------------------------------------------------
    // DisputeGame hooks

    /// @notice Registers a game opened against a live, non-final batch inside its challenge window.
    /// @return recordHash the batch's record hash
    function onGameOpened(BatchRecord calldata record) external returns (bytes32 recordHash);

    /// @notice Unregisters a game on `recordHash` that ended without deleting it (proposer won or cancelled).
    function onGameClosed(bytes32 recordHash) external;

    /// @notice A game against `record` was lost: deletes it and every later batch, rewinds the chain to its
    /// parent, slashes its proposer and sends the slashed wei to the DisputeGame.
    /// @return slashed the wei taken from the proposer's bond
    function onGameLost(BatchRecord calldata record) external returns (uint256 slashed);

    // ---------------------------------------------------------------------------------------------------------
    // Views

    /// @notice The number of batches, genesis included.
    function batchCount() external view returns (uint256);

    /// @notice The number of final batches: batches [0, finalizedCount) are final.
    function finalizedCount() external view returns (uint256);

    /// @notice The stored record hash of batch `index` (stale or zero for index >= batchCount).
    function batchHash(uint256 index) external view returns (bytes32);

    /// @notice Whether `recordHash` is the record hash of live batch `index`.
    function isLive(uint256 index, bytes32 recordHash) external view returns (bool);

    /// @notice Whether batch `index` is final.
    function isFinal(uint256 index) external view returns (bool);

    /// @notice The state root of the last batch.
    function lastStateRoot() external view returns (bytes32);

    /// @notice The queueApplied of the last batch.
    function lastQueueApplied() external view returns (uint64);

    /// @notice The number of batch deletions so far.
    function epoch() external view returns (uint64);

    /// @notice When anyone bonded may append: INACTIVITY_PERIOD after the last append or deletion.
    function escapeHatchOpensAt() external view returns (uint256);

    /// @notice The number of open games on the batch with record hash `recordHash`.
    function openGames(bytes32 recordHash) external view returns (uint256);

    /// @notice A proposer's bond.
    function bondOf(address proposer) external view returns (Bond memory);

    /// @notice keccak256(abi.encode(record)).
    function hashRecord(BatchRecord calldata record) external pure returns (bytes32);
}
