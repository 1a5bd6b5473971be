// StateKeys.sol against the TypeScript key derivations (packages/protocol/src/state): every key, the
// account value layout, the bridged-token address and the token-address check.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { parseAbi } from "viem";
import { type Address, bigintToBytes } from "../../../packages/protocol/src/bytes.ts";
import { TOKEN_PREFIX } from "../../../packages/protocol/src/constants.ts";
import { decodeAccount, encodeAccount } from "../../../packages/protocol/src/state/account.ts";
import {
  accountKey,
  indexKey,
  tokenBalanceKey,
  tokenL1Key,
  tokenSupplyKey,
} from "../../../packages/protocol/src/state/stateKeys.ts";
import { isTokenAddress, l2TokenAddress } from "../../../packages/protocol/src/tokenAddress.ts";
import { bytesToHex, createRng, deployHarness, type Hex, type Rng } from "./helpers.ts";

const abi = parseAbi([
  "struct Derived { bytes32 accountKey; bytes32 indexKey; bytes32 tokenBalanceKey; bytes32 tokenL1AddressKey; bytes32 tokenSupplyKey; address tokenAddress; bool isToken; }",
  "function derive(address[] a, address[] b, uint64[] indices) pure returns (Derived[] out)",
  "function packAccount(uint128 balance, uint64 nonce, uint64 index) pure returns (bytes32)",
  "function unpackAccount(bytes32 value) pure returns (uint128 balance, uint64 nonce, uint64 index)",
  "function addressToValue(address account) pure returns (bytes32)",
  "function valueToAddress(bytes32 value) pure returns (address)",
  "function accountKeyDirty(uint256 word) pure returns (bytes32 key)",
  "function gasAccountKey(address account) view returns (bytes32 key, uint256 gasUsed)",
  "function gasTokenBalanceKey(address token, address owner) view returns (bytes32 key, uint256 gasUsed)",
]);

const { viem } = await network.create();
const harness = await deployHarness(viem, "StateKeysHarness", abi);

const PREFIX_HEX = TOKEN_PREFIX.toString(16).padStart(8, "0");

/** Random addresses, with edge cases: zero, all ones, token-prefixed, and one hex digit off the prefix. */
function address(rng: Rng): Address {
  switch (rng.int(6)) {
    case 0:
      return rng.pick<Address>([`0x${"00".repeat(20)}`, `0x${"ff".repeat(20)}`]);
    case 1:
      return `0x${PREFIX_HEX}${bytesToHex(rng.bytes(16)).slice(2)}`;
    case 2:
      return `0x${PREFIX_HEX.slice(0, 7)}${PREFIX_HEX[7] === "0" ? "1" : "0"}${bytesToHex(rng.bytes(16)).slice(2)}`;
    default:
      return bytesToHex(rng.bytes(20));
  }
}

const lower = (a: string) => a.toLowerCase();

describe("StateKeys", () => {
  it("derives every key and token address as the TS state does", async () => {
    const rng = createRng(31);
    const n = 200;
    const a = Array.from({ length: n }, () => address(rng));
    const b = Array.from({ length: n }, () => address(rng));
    const indices = Array.from({ length: n }, () =>
      rng.pick([0n, 1n, (1n << 64n) - 1n, rng.bigint(24), rng.bigint(64)]),
    );
    const out = await harness.read.derive([a, b, indices]);
    for (let i = 0; i < n; i++) {
      const got = out[i]!;
      assert.equal(got.accountKey, bytesToHex(accountKey(a[i]!)));
      assert.equal(got.indexKey, bytesToHex(indexKey(indices[i]!)));
      assert.equal(got.tokenBalanceKey, bytesToHex(tokenBalanceKey(a[i]!, b[i]!)));
      assert.equal(got.tokenL1AddressKey, bytesToHex(tokenL1Key(a[i]!)));
      assert.equal(got.tokenSupplyKey, bytesToHex(tokenSupplyKey(a[i]!)));
      assert.equal(lower(got.tokenAddress), l2TokenAddress(a[i]!));
      assert.equal(got.isToken, isTokenAddress(a[i]!), a[i]);
      assert.equal(isTokenAddress(l2TokenAddress(a[i]!)), true);
    }
  });

  it("ignores dirty upper bits of an address word", async () => {
    const rng = createRng(32);
    const a = bytesToHex(rng.bytes(20));
    const dirty = (0xdeadbeefn << 200n) | BigInt(a);
    assert.equal(await harness.read.accountKeyDirty([dirty]), bytesToHex(accountKey(a)));
  });

  it("packs and unpacks account values as the TS state does", async () => {
    const rng = createRng(33);
    const edges = (bits: number) => [0n, 1n, (1n << BigInt(bits)) - 1n, rng.bigint(bits)];
    for (let i = 0; i < 24; i++) {
      const account = {
        balance: rng.pick(edges(128)),
        nonce: rng.pick(edges(64)),
        index: rng.pick(edges(64)),
      };
      const packed = await harness.read.packAccount([account.balance, account.nonce, account.index]);
      assert.equal(packed, bytesToHex(encodeAccount(account)));
      const value = rng.bytes(32);
      const [balance, nonce, index] = await harness.read.unpackAccount([bytesToHex(value)]);
      assert.deepEqual({ balance, nonce, index }, decodeAccount(value));
    }
  });

  it("stores addresses as left-padded words", async () => {
    const rng = createRng(34);
    const a = bytesToHex(rng.bytes(20));
    const value: Hex = bytesToHex(bigintToBytes(BigInt(a), 32));
    assert.equal(await harness.read.addressToValue([a]), value);
    assert.equal(lower(await harness.read.valueToAddress([value])), a);
  });

  it("reports gas per operation", async (t) => {
    const [, account] = await harness.read.gasAccountKey([`0x${"11".repeat(20)}`]);
    const [, balance] = await harness.read.gasTokenBalanceKey([
      `0x${"11".repeat(20)}`,
      `0x${"22".repeat(20)}`,
    ]);
    t.diagnostic(`accountKey ${account}, tokenBalanceKey ${balance}`);
  });
});
