// The parts of the L1 contracts' ABIs that the harness uses, written by hand so that viem types them, and
// checked against the compiled artifacts (checkHarnessAbis) so that they cannot drift from the contracts.
import assert from "node:assert/strict";
import { type Abi, type AbiParameter, parseAbi } from "viem";
import { readArtifact } from "../artifacts.ts";

const STRUCTS = [
  "struct BatchRecord { uint64 index; uint64 epoch; bytes32 dataRoot; bytes32 parentStateRoot; bytes32 stateRoot; uint32 steps; uint64 queueStart; uint64 queueLimit; uint64 queueApplied; uint64 appendedAt; address proposer; }",
  "struct StateHeader { bytes32 treeRoot; bytes32 withdrawalsRoot; uint64 withdrawalCount; uint64 queueApplied; uint64 accountCount; }",
  "struct QueueEntryWitness { bytes32 dataHash; uint64 timestamp; }",
  "struct Withdrawal { uint256 index; address l2Sender; address l1Recipient; address l1Token; uint256 amount; }",
  "struct StepContext { bytes32 preCommitment; bytes32 dataRoot; uint64 queueLimit; uint64 queueStart; }",
  "struct Game { bytes32 batchHash; bytes32 agreed; bytes32 disputed; bytes32 midpoint; address challenger; uint32 lo; uint32 hi; uint32 steps; uint8 status; address proposer; uint64 batchIndex; uint64 proposerClock; uint64 challengerClock; uint64 lastMoveAt; }",
  "struct Call { StepContext ctx; bytes witness; }",
] as const;

export const rollupAbi = parseAbi([
  ...STRUCTS,
  "function appendBatch(bytes data, uint256 steps, StateHeader header, bytes32 expectedParentStateRoot, QueueEntryWitness nextEntry) returns (uint256 index)",
  "function depositBond() payable",
  "function finalizeBatches(BatchRecord last) returns (uint256)",
  "function batchCount() view returns (uint256)",
  "function finalizedCount() view returns (uint256)",
  "function lastStateRoot() view returns (bytes32)",
  "function lastQueueApplied() view returns (uint64)",
  "function epoch() view returns (uint64)",
  "function isLive(uint256 index, bytes32 recordHash) view returns (bool)",
  "function isFinal(uint256 index) view returns (bool)",
  "function openGames(bytes32 recordHash) view returns (uint256 count)",
  "event BatchAppended(uint256 indexed index, bytes32 indexed recordHash, BatchRecord record, StateHeader header)",
  "event BatchesDeleted(uint256 indexed fromIndex, uint256 previousCount, bytes32 stateRoot, uint64 queueApplied, uint64 epoch)",
  "event BatchesFinalized(uint256 fromIndex, uint256 toIndex)",
  "event ProposerSlashed(address indexed proposer, uint256 indexed batchIndex, uint256 amount)",
]);

export const bridgeAbi = parseAbi([
  ...STRUCTS,
  "function depositETH(address to) payable returns (uint256 queueIndex)",
  "function depositERC20(address l1Token, address to, uint256 amount) returns (uint256 queueIndex)",
  "function forceTransaction(bytes rawTransaction) returns (uint256 queueIndex)",
  "function finalizeWithdrawal(BatchRecord batch, StateHeader header, Withdrawal withdrawal, bytes32[32] siblings)",
  "function queueLength() view returns (uint256)",
  "function isWithdrawalFinalized(uint256 index) view returns (bool)",
  "event ETHDeposited(uint256 indexed queueIndex, address indexed from, address indexed to, uint256 amount, uint64 timestamp)",
  "event ERC20Deposited(uint256 indexed queueIndex, address indexed from, address indexed to, address l1Token, uint256 amount, uint64 timestamp)",
  "event TransactionForced(uint256 indexed queueIndex, address indexed from, bytes rawTransaction, uint64 timestamp)",
  "event WithdrawalFinalized(uint256 indexed withdrawalIndex, address indexed l1Recipient, address indexed l1Token, uint256 amount, uint256 batchIndex, bool credited)",
]);

export const disputeGameAbi = parseAbi([
  ...STRUCTS,
  "function openGame(BatchRecord batch) payable returns (uint256 gameId)",
  "function revealMidpoint(uint256 gameId, bytes32 commitment)",
  "function answerMidpoint(uint256 gameId, bool agree)",
  "function proveStep(uint256 gameId, BatchRecord batch, bytes witness)",
  "function claimTimeout(uint256 gameId, BatchRecord batch)",
  "function cancelGame(uint256 gameId)",
  "function withdrawCredit(address to)",
  "function getGame(uint256 gameId) view returns (Game)",
  "function moverOf(uint256 gameId) view returns (uint8 mover, uint256 remaining)",
  "function creditOf(address account) view returns (uint256)",
  "function burned() view returns (uint256)",
  "function startCommitment(bytes32 parentStateRoot) pure returns (bytes32)",
  "event GameOpened(uint256 indexed gameId, uint256 indexed batchIndex, address indexed challenger, bytes32 batchHash, address proposer, uint32 steps, bytes32 startCommitment)",
  "event MidpointRevealed(uint256 indexed gameId, uint32 mid, bytes32 commitment, uint64 proposerClock)",
  "event MidpointAnswered(uint256 indexed gameId, bool agreed, uint32 lo, uint32 hi, uint64 challengerClock)",
  "event StepProven(uint256 indexed gameId, uint32 step, bytes32 postCommitment, bytes32 postStateRoot)",
  "event GameResolved(uint256 indexed gameId, uint8 status, uint8 resolution, uint256 winnerCredit, uint256 burned)",
  "event CreditWithdrawn(address indexed account, address to, uint256 amount)",
]);

export const stepVerifierAbi = parseAbi([
  ...STRUCTS,
  "function executeStep(StepContext ctx, bytes witness) view returns (bytes32 postCommitment, bytes32 postStateRoot)",
]);

/** contracts/test/StepVerifierBatchCaller.sol: measures executeStep's gas inside one call. */
export const batchCallerAbi = parseAbi([
  ...STRUCTS,
  "function run(address verifier, Call[] calls) view returns (bool[] ok, bytes32[] postCommitments, bytes32[] postStateRoots, bytes4[] revertSelectors, uint256[] gasUsed, uint256 count)",
]);

/** contracts/test/TestQueue.sol: a queue of entry hashes with the Bridge's queueEntry view. */
export const testQueueAbi = parseAbi(["function append(bytes32[] entryHashes)"]);

/** contracts/test/TestToken.sol: an ERC-20 anyone can mint. */
export const testTokenAbi = parseAbi([
  "function mint(address to, uint256 amount)",
  "function approve(address spender, uint256 value) returns (bool)",
]);

/** GameStatus and Resolution of contracts/interfaces/IDisputeGame.sol. */
export const GameStatus = { None: 0, InProgress: 1, ProposerWon: 2, ChallengerWon: 3, Cancelled: 4 } as const;
export const Resolution = {
  StepProven: 0,
  ProposerTimedOut: 1,
  ChallengerTimedOut: 2,
  BatchDeleted: 3,
} as const;

/** Names, types and nesting of an ABI entry, without internalType and without struct names. */
function shapeOf(item: Abi[number]): string {
  const param = (p: AbiParameter): unknown => ({
    name: p.name ?? "",
    type: p.type,
    indexed: "indexed" in p ? (p.indexed ?? false) : false,
    components: "components" in p ? p.components.map(param) : [],
  });
  return JSON.stringify({
    type: item.type,
    name: "name" in item ? item.name : "",
    inputs: "inputs" in item ? item.inputs.map(param) : [],
    outputs: "outputs" in item ? item.outputs.map(param) : [],
    mutability: "stateMutability" in item ? item.stateMutability : "",
  });
}

/** Asserts that every entry of each hand-written ABI is in its contract's artifact (names and types). */
export function checkHarnessAbis(artifactsDir?: string): void {
  const pairs: [string, Abi][] = [
    ["Rollup", rollupAbi],
    ["Bridge", bridgeAbi],
    ["DisputeGame", disputeGameAbi],
    ["StepVerifier", stepVerifierAbi],
    ["StepVerifierBatchCaller", batchCallerAbi],
    ["TestQueue", testQueueAbi],
    ["TestToken", testTokenAbi],
  ];
  for (const [contract, abi] of pairs) {
    const known = new Set(readArtifact(contract, artifactsDir).abi.map(shapeOf));
    for (const item of abi) {
      assert.ok(known.has(shapeOf(item)), `${contract}: not in the artifact: ${shapeOf(item)}`);
    }
  }
}
