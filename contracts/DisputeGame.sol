// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {Game, GameStatus, IDisputeGame, Mover, Resolution} from "./interfaces/IDisputeGame.sol";
import {BatchRecord, IRollup} from "./interfaces/IRollup.sol";
import {IStepVerifier, StepContext} from "./interfaces/IStepVerifier.sol";
import {STATUS_START} from "./libraries/Constants.sol";

/// @title DisputeGame
/// @notice Fraud proofs for Halcyon batches (docs/protocol.md §8.1): a challenger opens a game against a batch
/// inside its challenge window; the proposer reveals midpoint step commitments and the challenger keeps the
/// half it disputes until one step remains, which the StepVerifier re-executes. Each side has a chess clock;
/// whoever lets it run out loses. The loser's bond goes to the winner minus a burned share.
/// @dev Several games may run on one batch. The first challenger win deletes the batch and every later one
/// (Rollup.onGameLost) and slashes the proposer; every other game on a deleted batch is then cancelled with the
/// challenger's bond returned. Payouts are credits, withdrawn with withdrawCredit: the game logic never sends
/// ETH to anyone. ETH held = credits + open games' bonds + burned.
contract DisputeGame is IDisputeGame, ReentrancyGuardTransient {
    uint256 private constant BPS = 10_000;

    /// @notice The Rollup whose batches are disputed.
    IRollup public immutable ROLLUP;
    /// @notice The one-step verifier that settles games.
    IStepVerifier public immutable STEP_VERIFIER;
    /// @notice The wei a challenger posts to open a game.
    uint256 public immutable CHALLENGER_BOND;
    /// @notice Seconds on the proposer's clock at the start of a game.
    uint64 public immutable PROPOSER_CLOCK;
    /// @notice Seconds on the challenger's clock at the start of a game.
    uint64 public immutable CHALLENGER_CLOCK;
    /// @notice The share of the loser's bond that is burned (kept here forever), in basis points.
    uint256 public immutable BURN_BPS;

    mapping(uint256 gameId => Game) private _games;
    /// @inheritdoc IDisputeGame
    uint256 public gameCount;
    /// @inheritdoc IDisputeGame
    uint256 public burned;
    mapping(address account => uint256 amount) private _credits;

    /// @param rollup the Rollup (its address is predicted by the deploy script)
    /// @param stepVerifier the StepVerifier
    /// @param challengerBond wei a challenger posts per game
    /// @param proposerClock seconds on the proposer's clock
    /// @param challengerClock seconds on the challenger's clock
    /// @param burnBps share of a loser's bond burned, in basis points (at most 10,000)
    constructor(
        address rollup,
        address stepVerifier,
        uint256 challengerBond,
        uint64 proposerClock,
        uint64 challengerClock,
        uint256 burnBps
    ) {
        if (rollup == address(0)) revert InvalidParameter("rollup");
        if (stepVerifier == address(0)) revert InvalidParameter("stepVerifier");
        if (challengerBond == 0) revert InvalidParameter("challengerBond");
        if (proposerClock == 0) revert InvalidParameter("proposerClock");
        if (challengerClock == 0) revert InvalidParameter("challengerClock");
        if (burnBps > BPS) revert InvalidParameter("burnBps");
        ROLLUP = IRollup(rollup);
        STEP_VERIFIER = IStepVerifier(stepVerifier);
        CHALLENGER_BOND = challengerBond;
        PROPOSER_CLOCK = proposerClock;
        CHALLENGER_CLOCK = challengerClock;
        BURN_BPS = burnBps;
    }

    /// @notice Receives slashed proposer bonds from the Rollup (and nothing else).
    receive() external payable {
        if (msg.sender != address(ROLLUP)) revert OnlyRollup(msg.sender);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Moves

    /// @inheritdoc IDisputeGame
    function openGame(BatchRecord calldata batch) external payable returns (uint256 gameId) {
        if (msg.value != CHALLENGER_BOND) revert WrongChallengerBond(msg.value, CHALLENGER_BOND);
        if (batch.steps == 0) revert NothingToDispute(batch.index);
        // Checks that the record is a live, non-final batch inside its challenge window, and counts the game.
        bytes32 recordHash = ROLLUP.onGameOpened(batch);
        bytes32 start = startCommitment(batch.parentStateRoot);
        gameId = gameCount++;
        _games[gameId] = Game({
            batchHash: recordHash,
            agreed: start,
            disputed: bytes32(0),
            midpoint: bytes32(0),
            challenger: msg.sender,
            lo: 0,
            hi: batch.steps,
            steps: batch.steps,
            status: GameStatus.InProgress,
            proposer: batch.proposer,
            batchIndex: batch.index,
            proposerClock: PROPOSER_CLOCK,
            challengerClock: CHALLENGER_CLOCK,
            lastMoveAt: uint64(block.timestamp)
        });
        emit GameOpened(gameId, batch.index, msg.sender, recordHash, batch.proposer, batch.steps, start);
    }

    /// @inheritdoc IDisputeGame
    function revealMidpoint(uint256 gameId, bytes32 commitment) external {
        Game storage g = _inProgress(gameId);
        if (msg.sender != g.proposer) revert NotProposer(msg.sender, g.proposer);
        Mover owed = _mover(g);
        if (owed != Mover.Proposer) revert NotYourMove(gameId, owed);
        if (commitment == bytes32(0)) revert ZeroCommitment();
        uint64 left = _spend(g, gameId, Mover.Proposer);
        g.midpoint = commitment;
        emit MidpointRevealed(gameId, uint32((uint256(g.lo) + g.hi) / 2), commitment, left);
    }

    /// @inheritdoc IDisputeGame
    function answerMidpoint(uint256 gameId, bool agree) external {
        Game storage g = _inProgress(gameId);
        if (msg.sender != g.challenger) revert NotChallenger(msg.sender, g.challenger);
        if (g.midpoint == bytes32(0)) revert NotYourMove(gameId, _mover(g));
        uint64 left = _spend(g, gameId, Mover.Challenger);
        uint32 mid = uint32((uint256(g.lo) + g.hi) / 2);
        if (agree) {
            g.lo = mid;
            g.agreed = g.midpoint;
        } else {
            g.hi = mid;
            g.disputed = g.midpoint;
        }
        g.midpoint = bytes32(0);
        emit MidpointAnswered(gameId, agree, g.lo, g.hi, left);
    }

    /// @inheritdoc IDisputeGame
    function proveStep(uint256 gameId, BatchRecord calldata batch, bytes calldata witness) external {
        Game storage g = _inProgress(gameId);
        _checkBatch(g, gameId, batch);
        if (g.hi - g.lo != 1) revert ProofNotOwed(gameId);
        // The proof is the challenger's move (whoever submits it): its clock must not have run out, else the
        // game is the proposer's through claimTimeout.
        if (_remaining(g, Mover.Challenger) == 0) revert ClockExpired(gameId, Mover.Challenger);
        (bytes32 postCommitment, bytes32 postStateRoot) = STEP_VERIFIER.executeStep(
            StepContext({
                preCommitment: g.agreed,
                dataRoot: batch.dataRoot,
                queueLimit: batch.queueLimit,
                queueStart: batch.queueStart
            }),
            witness
        );
        emit StepProven(gameId, g.lo, postCommitment, postStateRoot);
        bool proposerRight = g.hi < g.steps ? postCommitment == g.disputed : postStateRoot == batch.stateRoot;
        if (proposerRight) {
            _proposerWins(gameId, g, Resolution.StepProven);
        } else {
            _challengerWins(gameId, g, batch, Resolution.StepProven);
        }
    }

    /// @inheritdoc IDisputeGame
    function claimTimeout(uint256 gameId, BatchRecord calldata batch) external {
        Game storage g = _inProgress(gameId);
        _checkBatch(g, gameId, batch);
        Mover mover = _mover(g);
        uint256 remaining = _remaining(g, mover);
        if (remaining != 0) revert ClockNotExpired(gameId, mover, remaining);
        if (mover == Mover.Proposer) {
            _challengerWins(gameId, g, batch, Resolution.ProposerTimedOut);
        } else {
            _proposerWins(gameId, g, Resolution.ChallengerTimedOut);
        }
    }

    /// @inheritdoc IDisputeGame
    function cancelGame(uint256 gameId) external {
        Game storage g = _inProgress(gameId);
        if (ROLLUP.isLive(g.batchIndex, g.batchHash)) revert BatchStillLive(gameId);
        g.status = GameStatus.Cancelled;
        _credits[g.challenger] += CHALLENGER_BOND;
        ROLLUP.onGameClosed(g.batchHash);
        emit GameResolved(gameId, GameStatus.Cancelled, Resolution.BatchDeleted, CHALLENGER_BOND, 0);
    }

    /// @inheritdoc IDisputeGame
    function withdrawCredit(address to) external nonReentrant {
        uint256 amount = _credits[msg.sender];
        if (amount == 0) revert NoCredit(msg.sender);
        _credits[msg.sender] = 0;
        emit CreditWithdrawn(msg.sender, to, amount);
        bool success;
        assembly ("memory-safe") {
            success := call(gas(), to, amount, 0, 0, 0, 0)
        }
        if (!success) revert EthTransferFailed(to, amount);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Views

    /// @inheritdoc IDisputeGame
    function getGame(uint256 gameId) external view returns (Game memory) {
        return _games[gameId];
    }

    /// @inheritdoc IDisputeGame
    function moverOf(uint256 gameId) external view returns (Mover mover, uint256 remaining) {
        Game storage g = _games[gameId];
        mover = _mover(g);
        if (mover != Mover.None) remaining = _remaining(g, mover);
    }

    /// @inheritdoc IDisputeGame
    function creditOf(address account) external view returns (uint256) {
        return _credits[account];
    }

    /// @inheritdoc IDisputeGame
    function startCommitment(bytes32 parentStateRoot) public pure returns (bytes32) {
        // The initial machine state: the parent's header and cursor (0, START, 0, 0, 0, 0) (docs/protocol.md §6.4).
        return keccak256(
            abi.encode(parentStateRoot, uint32(0), STATUS_START, uint8(0), uint128(0), uint64(0), uint64(0))
        );
    }

    // -------------------------------------------------------------------------------------------------------------
    // Internals

    function _inProgress(uint256 gameId) private view returns (Game storage g) {
        g = _games[gameId];
        if (g.status != GameStatus.InProgress) revert GameNotInProgress(gameId, g.status);
    }

    /// @dev The record must be the game's, and its batch still live (else the game must be cancelled).
    function _checkBatch(Game storage g, uint256 gameId, BatchRecord calldata batch) private view {
        if (keccak256(abi.encode(batch)) != g.batchHash) revert BatchRecordMismatch(gameId);
        if (!ROLLUP.isLive(g.batchIndex, g.batchHash)) revert BatchDeleted(gameId);
    }

    /// @dev The proposer owes a midpoint while the interval spans more than one step and none is pending; the
    /// challenger owes an answer to a pending midpoint, or the one-step proof at hi - lo == 1.
    function _mover(Game storage g) private view returns (Mover) {
        if (g.status != GameStatus.InProgress) return Mover.None;
        if (g.midpoint != bytes32(0) || g.hi - g.lo == 1) return Mover.Challenger;
        return Mover.Proposer;
    }

    /// @dev Seconds left now on `mover`'s clock (0 once it has run out).
    function _remaining(Game storage g, Mover mover) private view returns (uint256) {
        uint256 clock = mover == Mover.Proposer ? g.proposerClock : g.challengerClock;
        uint256 elapsed = block.timestamp - g.lastMoveAt;
        return elapsed >= clock ? 0 : clock - elapsed;
    }

    /// @dev Charges the time since the last move to `mover`'s clock and restarts the clocks from now. A move
    /// needs time left: at elapsed >= clock the mover has lost (claimTimeout).
    function _spend(Game storage g, uint256 gameId, Mover mover) private returns (uint64 left) {
        uint256 remaining = _remaining(g, mover);
        if (remaining == 0) revert ClockExpired(gameId, mover);
        left = uint64(remaining);
        if (mover == Mover.Proposer) {
            g.proposerClock = left;
        } else {
            g.challengerClock = left;
        }
        g.lastMoveAt = uint64(block.timestamp);
    }

    function _proposerWins(uint256 gameId, Game storage g, Resolution resolution) private {
        g.status = GameStatus.ProposerWon;
        uint256 burn = (CHALLENGER_BOND * BURN_BPS) / BPS;
        uint256 credit = CHALLENGER_BOND - burn;
        _credits[g.proposer] += credit;
        burned += burn;
        ROLLUP.onGameClosed(g.batchHash);
        emit GameResolved(gameId, GameStatus.ProposerWon, resolution, credit, burn);
    }

    /// @dev Deletes the batch and every later one, and slashes its proposer; the Rollup sends the slashed wei
    /// here. The challenger gets its bond back plus the slashed bond minus the burned share.
    function _challengerWins(uint256 gameId, Game storage g, BatchRecord calldata batch, Resolution resolution)
        private
    {
        g.status = GameStatus.ChallengerWon;
        uint256 slashed = ROLLUP.onGameLost(batch);
        uint256 burn = (slashed * BURN_BPS) / BPS;
        uint256 credit = CHALLENGER_BOND + slashed - burn;
        _credits[g.challenger] += credit;
        burned += burn;
        emit GameResolved(gameId, GameStatus.ChallengerWon, resolution, credit, burn);
    }
}
