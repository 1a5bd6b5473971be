import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { encodeAbiParameters, encodeFunctionData, getAddress, keccak256, zeroAddress } from "viem";
import { bridgeAbi, testReentrantTokenAbi } from "../../packages/node-common/src/l1/abis.ts";
import { readArtifact } from "../../scripts/lib/artifacts.ts";
import {
  connect,
  createFixture,
  deployTestContract,
  deployTestToken,
  ETHER,
  entryHashOf,
  eventOf,
  expectRevert,
  L2_BRIDGE_ADDRESS,
  queueEntries,
  send,
} from "./fixture.ts";

const fx = await createFixture();
const { publicClient } = fx;

function ethDataHash(from: string, to: string, amount: bigint) {
  return keccak256(
    encodeAbiParameters(
      [{ type: "uint8" }, { type: "address" }, { type: "address" }, { type: "uint256" }],
      [1, from as `0x${string}`, to as `0x${string}`, amount],
    ),
  );
}

function erc20DataHash(from: string, to: string, token: string, amount: bigint) {
  return keccak256(
    encodeAbiParameters(
      [{ type: "uint8" }, { type: "address" }, { type: "address" }, { type: "address" }, { type: "uint256" }],
      [2, from as `0x${string}`, to as `0x${string}`, token as `0x${string}`, amount],
    ),
  );
}

describe("Bridge deposits", () => {
  beforeEach(fx.reset);

  describe("depositETH", () => {
    it("queues an entry whose hash commits to (kind 1, from, to, amount) and the L1 time", async () => {
      const bridge = fx.bridge(fx.alice);
      const to = fx.bob.account.address;
      const receipt = await send(publicClient, bridge.write.depositETH([to], { value: 3n * ETHER }));
      const event = eventOf(receipt, bridgeAbi, "ETHDeposited");
      const block = await publicClient.getBlock({ blockNumber: receipt.blockNumber });
      assert.deepEqual(event.args, {
        queueIndex: 0n,
        from: getAddress(fx.alice.account.address),
        to: getAddress(to),
        amount: 3n * ETHER,
        timestamp: block.timestamp,
      });
      const dataHash = ethDataHash(fx.alice.account.address, to, 3n * ETHER);
      const entryHash = entryHashOf({ dataHash, timestamp: block.timestamp });
      assert.equal(await bridge.read.queueEntry([0n]), entryHash);
      assert.deepEqual(await bridge.read.queueInfo([0n]), [1n, entryHash]);
      assert.deepEqual(await bridge.read.queueInfo([1n]), [1n, `0x${"00".repeat(32)}`]);
      assert.equal(await bridge.read.queueLength(), 1n);
      assert.equal(await publicClient.getBalance({ address: bridge.address }), 3n * ETHER);
      // The protocol package rebuilds the same dataHash from the event (docs/protocol.md §4).
      const [entry] = await queueEntries(fx);
      assert.equal(entry!.witness.dataHash, dataHash);
    });

    it("numbers entries in order across kinds", async () => {
      const bridge = fx.bridge(fx.alice);
      await send(publicClient, bridge.write.depositETH([fx.bob.account.address], { value: 1n }));
      const token = await deployTestToken(fx);
      await send(publicClient, token.write.mint([fx.alice.account.address, 10n]));
      await send(
        publicClient,
        fx.bridge(fx.deployer).write.depositETH([fx.bob.account.address], { value: 2n }),
      );
      const tokenAsAlice = connect(fx, token, fx.alice);
      await send(publicClient, tokenAsAlice.write.approve([bridge.address, 10n]));
      const receipt = await send(
        publicClient,
        bridge.write.depositERC20([token.address, fx.bob.account.address, 10n]),
      );
      assert.equal(eventOf(receipt, bridgeAbi, "ERC20Deposited").args.queueIndex, 2n);
      assert.equal(await bridge.read.queueLength(), 3n);
    });

    it("refuses a zero amount and the recipients 0x0 and L2_BRIDGE_ADDRESS", async () => {
      const bridge = fx.bridge(fx.alice);
      await expectRevert(bridge.write.depositETH([fx.bob.account.address], { value: 0n }), "ZeroAmount");
      await expectRevert(bridge.write.depositETH([zeroAddress], { value: 1n }), "InvalidRecipient", [
        zeroAddress,
      ]);
      await expectRevert(bridge.write.depositETH([L2_BRIDGE_ADDRESS], { value: 1n }), "InvalidRecipient", [
        getAddress(L2_BRIDGE_ADDRESS),
      ]);
    });
  });

  describe("depositERC20", () => {
    async function fundedToken(feeBps = 0n) {
      const token = await deployTestToken(fx);
      if (feeBps !== 0n) await send(publicClient, token.write.setFeeBps([feeBps]));
      await send(publicClient, token.write.mint([fx.alice.account.address, 1_000_000n]));
      const asAlice = connect(fx, token, fx.alice);
      await send(publicClient, asAlice.write.approve([fx.deployment.addresses.bridge, 1_000_000n]));
      return token;
    }

    it("pulls the tokens and queues (kind 2, from, to, token, amount)", async () => {
      const token = await fundedToken();
      const bridge = fx.bridge(fx.alice);
      const to = fx.bob.account.address;
      const receipt = await send(publicClient, bridge.write.depositERC20([token.address, to, 1_000n]));
      const event = eventOf(receipt, bridgeAbi, "ERC20Deposited");
      const block = await publicClient.getBlock({ blockNumber: receipt.blockNumber });
      assert.deepEqual(event.args, {
        queueIndex: 0n,
        from: getAddress(fx.alice.account.address),
        to: getAddress(to),
        l1Token: getAddress(token.address),
        amount: 1_000n,
        timestamp: block.timestamp,
      });
      const dataHash = erc20DataHash(fx.alice.account.address, to, token.address, 1_000n);
      assert.equal(await bridge.read.queueEntry([0n]), entryHashOf({ dataHash, timestamp: block.timestamp }));
      assert.equal(await token.read.balanceOf([bridge.address]), 1_000n);
      assert.equal(await token.read.balanceOf([fx.alice.account.address]), 999_000n);
      const [entry] = await queueEntries(fx);
      assert.equal(entry!.witness.dataHash, dataHash);
    });

    it("credits what arrived for a fee-on-transfer token", async () => {
      const token = await fundedToken(100n); // 1%
      const bridge = fx.bridge(fx.alice);
      const receipt = await send(
        publicClient,
        bridge.write.depositERC20([token.address, fx.bob.account.address, 1_000n]),
      );
      assert.equal(eventOf(receipt, bridgeAbi, "ERC20Deposited").args.amount, 990n);
      assert.equal(await token.read.balanceOf([bridge.address]), 990n);
      const dataHash = erc20DataHash(fx.alice.account.address, fx.bob.account.address, token.address, 990n);
      const block = await publicClient.getBlock({ blockNumber: receipt.blockNumber });
      assert.equal(await bridge.read.queueEntry([0n]), entryHashOf({ dataHash, timestamp: block.timestamp }));
    });

    it("refuses a transfer that delivers nothing", async () => {
      const token = await fundedToken(10_000n); // 100%: everything burned on the way
      await expectRevert(
        fx.bridge(fx.alice).write.depositERC20([token.address, fx.bob.account.address, 1_000n]),
        "NothingReceived",
        [getAddress(token.address)],
      );
    });

    it("refuses a zero amount, the token 0x0, and the recipients 0x0 and L2_BRIDGE_ADDRESS", async () => {
      const token = await fundedToken();
      const bridge = fx.bridge(fx.alice);
      await expectRevert(
        bridge.write.depositERC20([token.address, fx.bob.account.address, 0n]),
        "ZeroAmount",
      );
      await expectRevert(
        bridge.write.depositERC20([zeroAddress, fx.bob.account.address, 1n]),
        "InvalidToken",
        [zeroAddress],
      );
      await expectRevert(bridge.write.depositERC20([token.address, zeroAddress, 1n]), "InvalidRecipient");
      await expectRevert(
        bridge.write.depositERC20([token.address, L2_BRIDGE_ADDRESS, 1n]),
        "InvalidRecipient",
      );
    });

    it("reverts when the token refuses the transfer (no allowance), or is not a contract", async () => {
      const token = await deployTestToken(fx);
      await send(publicClient, token.write.mint([fx.alice.account.address, 10n]));
      await expectRevert(
        fx.bridge(fx.alice).write.depositERC20([token.address, fx.bob.account.address, 10n]),
        "ERC20InsufficientAllowance",
      );
      await assert.rejects(
        fx.bridge(fx.alice).write.depositERC20([fx.carol.account.address, fx.bob.account.address, 1n]),
      );
    });

    it("cannot be re-entered from the token's transfer", async () => {
      const token = await deployTestContract(fx, "TestReentrantToken", testReentrantTokenAbi);
      const bridge = fx.bridge(fx.alice);
      await send(publicClient, token.write.mint([fx.alice.account.address, 100n]));
      await send(publicClient, token.write.mint([token.address, 100n]));
      const asAlice = connect(fx, token, fx.alice);
      await send(publicClient, asAlice.write.approve([bridge.address, 100n]));
      // During Alice's deposit, the token tries a deposit of its own (which would inflate Alice's credit).
      const nested = encodeFunctionData({
        abi: bridgeAbi,
        functionName: "depositERC20",
        args: [token.address, fx.carol.account.address, 50n],
      });
      await send(publicClient, token.write.setHook([bridge.address, nested]));
      const receipt = await send(
        publicClient,
        bridge.write.depositERC20([token.address, fx.bob.account.address, 100n]),
      );
      assert.equal(await token.read.hookRan(), true);
      assert.equal(await token.read.hookSucceeded(), false);
      assert.equal(await token.read.hookResult(), "0x3ee5aeb5"); // ReentrancyGuardReentrantCall()
      assert.equal(eventOf(receipt, bridgeAbi, "ERC20Deposited").args.amount, 100n);
      assert.equal(await bridge.read.queueLength(), 1n);
    });
  });

  describe("constructor", () => {
    it("refuses a zero Rollup address and a zero chain id", async () => {
      const { abi, bytecode } = readArtifact("Bridge");
      await expectRevert(
        fx.deployer.deployContract({ abi, bytecode, args: [zeroAddress, 1n] }),
        "InvalidParameter",
        ["rollup"],
      );
      await expectRevert(
        fx.deployer.deployContract({ abi, bytecode, args: [fx.deployment.addresses.rollup, 0n] }),
        "InvalidParameter",
        ["l2ChainId"],
      );
    });
  });
});
