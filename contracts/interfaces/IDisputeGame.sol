// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {BatchRecord} from "./IRollup.sol";

/// @notice Where a game stands.
enum GameStatus {
    None,
    InProgress,
    ProposerWon,
    ChallengerWon,
    Cancelled
}

/// @notice Who must move next in a game in progress.
enum Mover {
    None,
    Proposer,
    Challenger
}

/// @notice How a game ended.
enum Resolution {
    StepProven,
    ProposerTimedOut,
    ChallengerTimedOut,
    BatchDeleted
}

/// @notice One bisection game over the steps of one batch (docs/protocol.md §8.1).
/// @param batchHash the disputed batch's record hash
/// @param agreed c_lo, the step commitment both sides agree on
/// @param disputed c_hi while hi < steps; unused (zero) while hi == steps, where the claimed state root
/// stands for c_steps
/// @param midpoint c_mid revealed by the proposer and not yet answered; zero while none is pending
/// @param challenger who opened the game and posted CHALLENGER_BOND
/// @param lo the agreed step index
/// @param hi the disputed step index
/// @param steps the batch's step count
/// @param status the game's status
/// @param proposer the batch's proposer, who defends it
/// @param batchIndex the disputed batch's index
/// @param proposerClock seconds left on the proposer's clock (as of lastMoveAt)
/// @param challengerClock seconds left on the challenger's clock (as of lastMoveAt)
/// @param lastMoveAt when the mover's clock started running
struct Game {
    bytes32 batchHash;
    bytes32 agreed;
    bytes32 disputed;
    bytes32 midpoint;
    address challenger;
    uint32 lo;
    uint32 hi;
    uint32 steps;
    GameStatus status;
    address proposer;
    uint64 batchIndex;
    uint64 proposerClock;
    uint64 challengerClock;
    uint64 lastMoveAt;
}

/// @title IDisputeGame
/// @notice Bisection games with chess clocks against Halcyon batches, settled by one step in Solidity.
interface IDisputeGame {
    // ---------------------------------------------------------------------------------------------------------
    // Events

    /// @notice A challenger opened a game against a batch.
    /// @param startCommitment c_0, computed from the parent's state root
    event GameOpened(
        uint256 indexed gameId,
        uint256 indexed batchIndex,
        address indexed challenger,
        bytes32 batchHash,
        address proposer,
        uint32 steps,
        bytes32 startCommitment
    );

    /// @notice The proposer revealed the commitment at step `mid`.
    /// @param proposerClock seconds left on the proposer's clock
    event MidpointRevealed(uint256 indexed gameId, uint32 mid, bytes32 commitment, uint64 proposerClock);

    /// @notice The challenger answered the pending midpoint, which narrowed the interval to [lo, hi].
    /// @param challengerClock seconds left on the challenger's clock
    event MidpointAnswered(uint256 indexed gameId, bool agreed, uint32 lo, uint32 hi, uint64 challengerClock);

    /// @notice The one-step proof of step `step` was verified.
    /// @param postCommitment the commitment after the step, as computed by the StepVerifier
    /// @param postStateRoot the state root after the step, as computed by the StepVerifier
    event StepProven(uint256 indexed gameId, uint32 step, bytes32 postCommitment, bytes32 postStateRoot);

    /// @notice A game ended.
    /// @param status ProposerWon, ChallengerWon or Cancelled
    /// @param resolution how it ended
    /// @param winnerCredit wei credited to the winner (for a cancelled game: the challenger's bond returned)
    /// @param burned wei of the loser's bond kept forever
    event GameResolved(
        uint256 indexed gameId, GameStatus status, Resolution resolution, uint256 winnerCredit, uint256 burned
    );

    /// @notice An account withdrew its credit.
    event CreditWithdrawn(address indexed account, address to, uint256 amount);

    // ---------------------------------------------------------------------------------------------------------
    // Errors

    /// @notice msg.value must equal CHALLENGER_BOND.
    error WrongChallengerBond(uint256 sent, uint256 required);

    /// @notice Genesis (0 steps) cannot be disputed.
    error NothingToDispute(uint256 batchIndex);

    /// @notice The game is not in progress.
    error GameNotInProgress(uint256 gameId, GameStatus status);

    /// @notice Only the batch's proposer may reveal midpoints.
    error NotProposer(address caller, address proposer);

    /// @notice Only the game's challenger may answer midpoints.
    error NotChallenger(address caller, address challenger);

    /// @notice The move is not the one owed now.
    /// @param owed who must move now
    error NotYourMove(uint256 gameId, Mover owed);

    /// @notice A one-step proof is owed only once hi - lo == 1.
    error ProofNotOwed(uint256 gameId);

    /// @notice Commitments are never zero; zero marks "none".
    error ZeroCommitment();

    /// @notice The mover's clock has run out: the game can only be ended by claimTimeout.
    error ClockExpired(uint256 gameId, Mover mover);

    /// @notice The mover still has time.
    error ClockNotExpired(uint256 gameId, Mover mover, uint256 remaining);

    /// @notice The record does not hash to the game's batch.
    error BatchRecordMismatch(uint256 gameId);

    /// @notice The game's batch was deleted by another game: end it with cancelGame.
    error BatchDeleted(uint256 gameId);

    /// @notice The game's batch is still live: it cannot be cancelled.
    error BatchStillLive(uint256 gameId);

    /// @notice The caller has no credit.
    error NoCredit(address account);

    /// @notice Sending ETH failed.
    error EthTransferFailed(address to, uint256 amount);

    /// @notice Only the Rollup sends ETH here (slashed proposer bonds).
    error OnlyRollup(address caller);

    /// @notice A constructor argument is out of range.
    error InvalidParameter(string name);

    // ---------------------------------------------------------------------------------------------------------
    // Moves

    /// @notice Opens a game against a live batch inside its challenge window; msg.value is the challenger bond.
    /// @return gameId the new game's id
    function openGame(BatchRecord calldata batch) external payable returns (uint256 gameId);

    /// @notice The proposer reveals c_mid for mid = (lo + hi) / 2. Runs while the proposer's clock has time.
    function revealMidpoint(uint256 gameId, bytes32 commitment) external;

    /// @notice The challenger agrees with the pending c_mid (lo = mid) or disputes it (hi = mid).
    function answerMidpoint(uint256 gameId, bool agree) external;

    /// @notice Settles a game at hi - lo == 1 by re-executing step lo through the StepVerifier. Anyone may call.
    /// @dev The proposer wins if the post-step commitment equals c_hi (hi < steps) or the post-step state root
    /// equals the batch's claimed state root (hi == steps); the challenger wins otherwise.
    /// @param batch the game's batch record (checked against the game's batch hash)
    /// @param witness the one-step witness for the StepVerifier
    function proveStep(uint256 gameId, BatchRecord calldata batch, bytes calldata witness) external;

    /// @notice Ends a game whose mover's clock has run out; the mover loses. Anyone may call.
    /// @param batch the game's batch record (checked against the game's batch hash)
    function claimTimeout(uint256 gameId, BatchRecord calldata batch) external;

    /// @notice Ends a game whose batch another game deleted; the challenger's bond is returned. Anyone may call.
    function cancelGame(uint256 gameId) external;

    /// @notice Sends the caller's whole credit (bonds returned and winnings) to `to`.
    function withdrawCredit(address to) external;

    // ---------------------------------------------------------------------------------------------------------
    // Views

    /// @notice The number of games ever opened; ids are 0 .. gameCount - 1.
    function gameCount() external view returns (uint256);

    /// @notice A game's state.
    function getGame(uint256 gameId) external view returns (Game memory);

    /// @notice Who must move in a game, and the seconds left on that side's clock now.
    function moverOf(uint256 gameId) external view returns (Mover mover, uint256 remaining);

    /// @notice An account's withdrawable credit.
    function creditOf(address account) external view returns (uint256);

    /// @notice The wei burned so far (kept by this contract forever).
    function burned() external view returns (uint256);

    /// @notice c_0 of a batch whose parent has state root `parentStateRoot` (docs/protocol.md §6.4, §8.1).
    function startCommitment(bytes32 parentStateRoot) external pure returns (bytes32);
}
