// Shared by the library tests: typed harness deployment, a seeded random source (so every failure can
// be replayed from its seed), hex conversions, and a check that a call reverted with a given custom error.
import assert from "node:assert/strict";
import type { HardhatViemHelpers } from "@nomicfoundation/hardhat-viem/types";
import { type Abi, type AbiParameter, BaseError, ContractFunctionRevertedError, getContract } from "viem";

export type { Hex } from "../../../packages/protocol/src/bytes.ts";
export { bytesToHex, hexToBytes } from "../../../packages/protocol/src/bytes.ts";

/** A small deterministic generator (xoshiro128** seeded through splitmix32). */
export type Rng = {
  /** A uniform 32-bit unsigned integer. */
  u32(): number;
  /** A uniform integer in [0, n), n <= 2^32. */
  int(n: number): number;
  /** true with probability p. */
  chance(p: number): boolean;
  /** n uniform random bytes. */
  bytes(n: number): Uint8Array;
  /** A uniform integer of `bits` bits (0 .. 2^bits - 1). */
  bigint(bits: number): bigint;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
};

export function createRng(seed: number): Rng {
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  // xoshiro128** (32-bit state words).
  const u32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0;
    const t = (b << 9) >>> 0;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
  const rng: Rng = {
    u32,
    int: (n) => Math.floor((u32() / 2 ** 32) * n),
    chance: (p) => u32() / 2 ** 32 < p,
    bytes: (n) => {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = u32() & 0xff;
      return out;
    },
    bigint: (bits) => {
      let v = 0n;
      for (let i = 0; i < bits; i += 32) v = (v << 32n) | BigInt(u32());
      return v & ((1n << BigInt(bits)) - 1n);
    },
    pick: (items) => items[Math.floor((u32() / 2 ** 32) * items.length)]!,
  };
  return rng;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** The custom error name a viem call failure carries, if any. */
function revertErrorName(error: unknown): string | undefined {
  if (error instanceof BaseError) {
    const revert = error.walk((e) => e instanceof ContractFunctionRevertedError);
    if (revert instanceof ContractFunctionRevertedError) return revert.data?.errorName;
  }
  return undefined;
}

/** Asserts that `call` reverts with the custom error `name`; returns the error's decoded arguments. */
export async function expectRevert(call: Promise<unknown>, name: string): Promise<readonly unknown[]> {
  try {
    await call;
  } catch (error) {
    const found = revertErrorName(error);
    assert.equal(found, name, `expected revert ${name}, got ${found ?? String(error)}`);
    const revert = (error as BaseError).walk((e) => e instanceof ContractFunctionRevertedError);
    return (revert as ContractFunctionRevertedError).data?.args ?? [];
  }
  assert.fail(`expected revert ${name}, but the call succeeded`);
}

/** An ABI entry's shape without `internalType`, for comparing a hand-written ABI with an artifact's. */
function shapeOf(item: Abi[number]): string {
  const param = (p: AbiParameter): unknown => ({
    name: p.name ?? "",
    type: p.type,
    components: "components" in p ? p.components.map(param) : undefined,
  });
  const inputs = "inputs" in item ? item.inputs.map(param) : [];
  const outputs = "outputs" in item ? item.outputs.map(param) : [];
  return JSON.stringify({ type: item.type, name: "name" in item ? item.name : "", inputs, outputs });
}

/**
 * Deploys the harness `name` and returns it typed by `abi`, a hand-written (human-readable) ABI, since
 * the generated artifact types are not part of the typecheck. Every entry of `abi` must appear, with
 * the same names and types, in the artifact's ABI, so the two cannot drift apart silently.
 */
export async function deployHarness<const A extends Abi>(viem: HardhatViemHelpers, name: string, abi: A) {
  const deployed = await viem.deployContract(name);
  const artifact = new Set((deployed.abi as Abi).map(shapeOf));
  for (const item of abi)
    assert.ok(artifact.has(shapeOf(item)), `${name}: ABI entry not in the artifact: ${shapeOf(item)}`);
  const client = await viem.getPublicClient();
  return getContract({ address: deployed.address, abi, client });
}
