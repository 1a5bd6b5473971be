// WithdrawalTree.sol against the TypeScript withdrawals tree (packages/protocol/src/state/withdrawalTree.ts):
// zero hashes, leaves, appends through the frontier (sequential and at high counts), inclusion proofs.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { type ContractFunctionArgs, parseAbi } from "viem";
import {
  EMPTY_WITHDRAWALS_ROOT,
  foldFrontier,
  verifyWithdrawalProof,
  WITHDRAWAL_ZERO_HASHES,
  WithdrawalTree,
  withdrawalLeafHash,
} from "../../../packages/protocol/src/state/withdrawalTree.ts";
import { bytesToHex, createRng, deployHarness, expectRevert, type Hex, type Rng } from "./helpers.ts";

const abi = parseAbi([
  "function leafHash(uint256 index, address l2Sender, address l1Recipient, address l1Token, uint256 amount) pure returns (bytes32)",
  "function append(bytes32 root, uint256 count, bytes32 leaf, bytes32[32] frontier) pure returns (bytes32)",
  "function computeRoot(uint256 index, bytes32 leaf, bytes32[32] siblings) pure returns (bytes32)",
  "function verifyInclusion(bytes32 root, uint256 index, bytes32 leaf, bytes32[32] siblings) pure returns (bool)",
  "function zeroHash(uint256 height) pure returns (bytes32)",
  "function emptyRoot() pure returns (bytes32)",
  "function gasAppend(bytes32 root, uint256 count, bytes32 leaf, bytes32[32] frontier) view returns (bytes32 newRoot, uint256 gasUsed)",
  "function gasVerifyInclusion(bytes32 root, uint256 index, bytes32 leaf, bytes32[32] siblings) view returns (bool included, uint256 gasUsed)",
  "error TreeFull(uint256 count)",
  "error FrontierMismatch(bytes32 root, bytes32 computed)",
  "error HeightOutOfRange(uint256 height)",
]);

const { viem } = await network.create();
const harness = await deployHarness(viem, "WithdrawalTreeHarness", abi);

const ZERO = new Uint8Array(32);
const CAPACITY = 1n << 32n;

function address(rng: Rng): Hex {
  return bytesToHex(rng.bytes(20));
}

/** A frontier for `count` with random roots at the set bits and junk (or zeros) elsewhere. */
function randomFrontier(rng: Rng, count: bigint, junk: boolean): Uint8Array[] {
  return Array.from({ length: 32 }, (_, h) => ((count >> BigInt(h)) & 1n || junk ? rng.bytes(32) : ZERO));
}

/** bytes32[32] as viem types it. */
type Words32 = ContractFunctionArgs<typeof abi, "pure", "append">[3];

function hexes(words: readonly Uint8Array[]): Words32 {
  assert.equal(words.length, 32);
  return words.map(bytesToHex) as unknown as Words32;
}

describe("WithdrawalTree", () => {
  it("has the zero hashes and empty root of the TS tree", async () => {
    for (let h = 0; h <= 32; h++) {
      assert.equal(await harness.read.zeroHash([BigInt(h)]), bytesToHex(WITHDRAWAL_ZERO_HASHES[h]!));
    }
    assert.equal(await harness.read.emptyRoot(), bytesToHex(EMPTY_WITHDRAWALS_ROOT));
    await expectRevert(harness.read.zeroHash([33n]), "HeightOutOfRange");
  });

  it("hashes withdrawal leaves as the TS tree does", async () => {
    const rng = createRng(21);
    for (let i = 0; i < 20; i++) {
      const leaf = {
        index: rng.chance(0.5) ? rng.bigint(32) : rng.bigint(256),
        l2Sender: address(rng),
        l1Recipient: address(rng),
        l1Token: rng.chance(0.3) ? (`0x${"00".repeat(20)}` as Hex) : address(rng),
        amount: rng.pick([0n, 1n, rng.bigint(128), (1n << 256n) - 1n]),
      };
      const got = await harness.read.leafHash([
        leaf.index,
        leaf.l2Sender,
        leaf.l1Recipient,
        leaf.l1Token,
        leaf.amount,
      ]);
      assert.equal(got, bytesToHex(withdrawalLeafHash(leaf)));
    }
  });

  it("appends with the frontier like the TS tree, leaf after leaf", async () => {
    const rng = createRng(22);
    const tree = new WithdrawalTree();
    for (let i = 0; i < 70; i++) {
      const leaf = rng.bytes(32);
      const root = bytesToHex(tree.root);
      const newRoot = await harness.read.append([root, tree.count, bytesToHex(leaf), hexes(tree.frontier())]);
      tree.append(leaf);
      assert.equal(newRoot, bytesToHex(tree.root), `append #${i}`);
    }
  });

  it("appends at high counts, ignoring frontier entries at clear bits", async () => {
    const rng = createRng(23);
    const counts = [CAPACITY - 1n, CAPACITY - 2n, 1n << 31n, (1n << 31n) - 1n, 0xaaaaaaaan, 0x55555555n];
    for (let i = 0; i < 14; i++) counts.push(rng.bigint(32));
    for (const count of counts) {
      const frontier = randomFrontier(rng, count, false);
      const root = foldFrontier(frontier, count, ZERO);
      const leaf = rng.bytes(32);
      const expected = bytesToHex(foldFrontier(frontier, count, leaf));
      const junked = frontier.map((f, h) => ((count >> BigInt(h)) & 1n ? f : rng.bytes(32)));
      for (const f of [frontier, junked]) {
        assert.equal(
          await harness.read.append([bytesToHex(root), count, bytesToHex(leaf), hexes(f)]),
          expected,
        );
      }
    }
  });

  it("refuses an append to a full tree or with a frontier that does not reproduce the root", async () => {
    const rng = createRng(24);
    const frontier = randomFrontier(rng, CAPACITY - 1n, false);
    const root = bytesToHex(foldFrontier(frontier, CAPACITY - 1n, ZERO));
    await expectRevert(
      harness.read.append([root, CAPACITY, bytesToHex(rng.bytes(32)), hexes(frontier)]),
      "TreeFull",
    );
    const [, computed] = await expectRevert(
      harness.read.append([
        bytesToHex(rng.bytes(32)),
        CAPACITY - 1n,
        bytesToHex(rng.bytes(32)),
        hexes(frontier),
      ]),
      "FrontierMismatch",
    );
    assert.equal(computed, root);
    // A frontier entry at a set bit that is off by one bit.
    const tampered = frontier.map((f) => f.slice());
    tampered[5]![31]! ^= 1;
    await expectRevert(
      harness.read.append([root, CAPACITY - 1n, bytesToHex(rng.bytes(32)), hexes(tampered)]),
      "FrontierMismatch",
    );
  });

  it("verifies inclusion proofs of the TS tree, and nothing else", async () => {
    const rng = createRng(25);
    const leaves = Array.from({ length: 37 }, () => rng.bytes(32));
    const tree = WithdrawalTree.fromLeaves(leaves);
    const root = bytesToHex(tree.root);
    for (const i of [0, 1, 2, 17, 35, 36]) {
      const proof = tree.proof(BigInt(i));
      assert.ok(verifyWithdrawalProof(tree.root, BigInt(i), leaves[i]!, proof));
      const siblings = hexes(proof);
      const leaf = bytesToHex(leaves[i]!);
      assert.equal(await harness.read.verifyInclusion([root, BigInt(i), leaf, siblings]), true);
      assert.equal(await harness.read.computeRoot([BigInt(i), leaf, siblings]), root);
      assert.equal(await harness.read.verifyInclusion([root, BigInt(i ^ 1), leaf, siblings]), false);
      assert.equal(
        await harness.read.verifyInclusion([root, BigInt(i), bytesToHex(rng.bytes(32)), siblings]),
        false,
      );
      // The same low 32 bits, but an index the tree cannot hold.
      assert.equal(await harness.read.verifyInclusion([root, BigInt(i) + CAPACITY, leaf, siblings]), false);
    }
    // An unused position holds ZERO.
    assert.equal(
      await harness.read.verifyInclusion([
        root,
        40n,
        bytesToHex(ZERO),
        hexes(tree.proof(36n).map(() => ZERO)),
      ]),
      false,
    );
  });

  it("reports gas per operation", async (t) => {
    const rng = createRng(26);
    for (const count of [0n, 1000n, CAPACITY - 1n]) {
      const frontier = randomFrontier(rng, count, false);
      const root = bytesToHex(foldFrontier(frontier, count, ZERO));
      const [, gas] = await harness.read.gasAppend([root, count, bytesToHex(rng.bytes(32)), hexes(frontier)]);
      t.diagnostic(`append at count ${count}: ${gas}`);
    }
    const leaves = Array.from({ length: 5 }, () => rng.bytes(32));
    const tree = WithdrawalTree.fromLeaves(leaves);
    const [included, gas] = await harness.read.gasVerifyInclusion([
      bytesToHex(tree.root),
      3n,
      bytesToHex(leaves[3]!),
      hexes(tree.proof(3n)),
    ]);
    assert.equal(included, true);
    t.diagnostic(`verifyInclusion: ${gas}`);
  });
});
