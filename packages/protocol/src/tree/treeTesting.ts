// Test support for the state tree (imported by *.test.ts only, not exported from index.ts): an
// independent reference root computed straight from the spec's definition, and fast-check arbitraries
// for keys that share long prefixes.
import fc from "fast-check";
import { bytesToBigint, bytesToHex, concatBytes } from "../bytes.ts";
import { keccak256 } from "../crypto/keccak.ts";

export const ZERO = new Uint8Array(32);

/** Bit i of a key, computed independently of keyBits.ts (through a bigint). */
export function referenceBit(key: Uint8Array, i: number): number {
  return Number((bytesToBigint(key) >> BigInt(255 - i)) & 1n);
}

export function referenceLeafHash(key: Uint8Array, value: Uint8Array): Uint8Array {
  return keccak256(concatBytes(Uint8Array.of(1), key, value));
}

export function referenceInternal(left: Uint8Array, right: Uint8Array): Uint8Array {
  return keccak256(concatBytes(left, right));
}

/**
 * The canonical root by definition: ZERO for no leaves, leafHash for exactly one, internal(left, right)
 * of the halves split by bit `depth` otherwise.
 */
export function referenceRoot(
  entries: readonly (readonly [Uint8Array, Uint8Array])[],
  depth = 0,
): Uint8Array {
  if (entries.length === 0) return ZERO;
  if (entries.length === 1) return referenceLeafHash(entries[0]![0], entries[0]![1]);
  const left = entries.filter(([k]) => referenceBit(k, depth) === 0);
  const right = entries.filter(([k]) => referenceBit(k, depth) === 1);
  return referenceInternal(referenceRoot(left, depth + 1), referenceRoot(right, depth + 1));
}

/** A plain-Map model of the tree, keyed by hex. */
export type Model = Map<string, readonly [Uint8Array, Uint8Array]>;

export function modelRoot(model: Model): Uint8Array {
  return referenceRoot([...model.values()]);
}

export function withBitFlipped(key: Uint8Array, bit: number): Uint8Array {
  const out = key.slice();
  out[bit >> 3]! ^= 0x80 >> (bit & 7);
  return out;
}

export const wordArb = fc.uint8Array({ minLength: 32, maxLength: 32 });

/** Values: all-zero often, random otherwise. */
export const valueArb = fc.oneof(fc.constant(ZERO), wordArb, wordArb);

// Bit positions biased to the last bits (keys differing only late make deep chains of branches).
const flipBitArb = fc.oneof(fc.integer({ min: 248, max: 255 }), fc.integer({ min: 0, max: 255 }));

/**
 * A pool of distinct keys: variants of one base key with a few bits flipped (mostly late bits), the
 * base itself, and some random keys.
 */
export const keyPoolArb = fc
  .record({
    base: wordArb,
    flips: fc.array(fc.array(flipBitArb, { minLength: 1, maxLength: 3 }), { maxLength: 14 }),
    randoms: fc.array(wordArb, { maxLength: 6 }),
  })
  .map(({ base, flips, randoms }) => {
    const keys = [base, ...flips.map((bits) => bits.reduce(withBitFlipped, base)), ...randoms];
    const seen = new Set<string>();
    return keys.filter((k) => {
      const h = bytesToHex(k);
      if (seen.has(h)) return false;
      seen.add(h);
      return true;
    });
  });

export type Op =
  | { readonly kind: "set"; readonly key: number; readonly value: Uint8Array }
  | { readonly kind: "delete"; readonly key: number };

export function opsArb(poolSize: number, maxLength = 40): fc.Arbitrary<Op[]> {
  const key = fc.integer({ min: 0, max: poolSize - 1 });
  const op: fc.Arbitrary<Op> = fc.oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constant("set" as const), key, value: valueArb }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("delete" as const), key }) },
  );
  return fc.array(op, { maxLength });
}

/** A key pool and a sequence of operations on it. */
export const scenarioArb = keyPoolArb.chain((pool) => fc.tuple(fc.constant(pool), opsArb(pool.length)));

export function applyToModel(model: Model, pool: readonly Uint8Array[], op: Op): void {
  const key = pool[op.key]!;
  if (op.kind === "set") model.set(bytesToHex(key), [key, op.value]);
  else model.delete(bytesToHex(key));
}
