import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { encodeRlp as ethersEncodeRlp, getBytes } from "ethers";
import fc from "fast-check";
import { bigintToMinimalBytes, bytesToBigint, bytesToHex, hexToBytes } from "../bytes.ts";
import {
  checkRlp,
  decodeRlp,
  decodeRlpInteger,
  encodeRlp,
  RlpError,
  type RlpErrorReason,
  type RlpInput,
  type RlpItem,
  readRlpUint,
  rlpHeaderLength,
  rlpUintLength,
  writeRlpListHeader,
  writeRlpUint,
} from "./rlp.ts";

const utf8 = (s: string) => new TextEncoder().encode(s);

/** `depth` lists nested around an empty list ([[[...[]...]]]), written without recursion. */
function nestedLists(depth: number): Uint8Array {
  const payload = [0]; // payload[k]: payload length of the list at level k (0 = innermost)
  for (let k = 1; k <= depth; k++) payload.push(rlpHeaderLength(payload[k - 1]!) + payload[k - 1]!);
  const out = new Uint8Array(rlpHeaderLength(payload[depth]!) + payload[depth]!);
  let p = 0;
  for (let k = depth; k >= 0; k--) p = writeRlpListHeader(out, p, payload[k]!);
  return out;
}

const hex = (bytes: Uint8Array) => bytesToHex(bytes);

function expectRlpError(fn: () => unknown, reason: RlpErrorReason): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof RlpError, `expected RlpError, got ${String(error)}`);
    assert.equal(error.name, "RlpError");
    assert.equal(error.reason, reason);
    return true;
  });
}

/** Converts a decoded item to a plain structure of hex strings, for deep comparison. */
function show(item: RlpItem | RlpInput): unknown {
  return item instanceof Uint8Array ? hex(item) : item.map(show);
}

const rlpTree: fc.Arbitrary<RlpInput> = fc.letrec<{ node: RlpInput }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.uint8Array({ maxLength: 80 }),
    fc.uint8Array({ minLength: 1, maxLength: 1 }),
    fc.array(tie("node"), { maxLength: 5 }),
  ),
})).node;

describe("encodeRlp", () => {
  it("encodes the yellow paper's examples", () => {
    assert.equal(hex(encodeRlp(utf8("dog"))), "0x83646f67");
    assert.equal(hex(encodeRlp([utf8("cat"), utf8("dog")])), "0xc88363617483646f67");
    assert.equal(hex(encodeRlp(new Uint8Array(0))), "0x80");
    assert.equal(hex(encodeRlp([])), "0xc0");
    assert.equal(hex(encodeRlp(new Uint8Array([0]))), "0x00");
    assert.equal(hex(encodeRlp(new Uint8Array([0x0f]))), "0x0f");
    assert.equal(hex(encodeRlp(new Uint8Array([0x80]))), "0x8180");
    assert.equal(hex(encodeRlp(hexToBytes("0x0400"))), "0x820400");
    assert.equal(hex(encodeRlp([[], [[]], [[], [[]]]])), "0xc7c0c1c0c3c0c1c0");
    const lorem = utf8("Lorem ipsum dolor sit amet, consectetur adipisicing elit");
    assert.equal(lorem.length, 56);
    assert.equal(hex(encodeRlp(lorem)), `0xb838${hex(lorem).slice(2)}`);
  });

  it("uses the long form from 56 bytes on, with a minimal length", () => {
    assert.equal(hex(encodeRlp(new Uint8Array(55))).slice(0, 4), "0xb7");
    assert.equal(hex(encodeRlp(new Uint8Array(56))).slice(0, 6), "0xb838");
    assert.equal(hex(encodeRlp(new Uint8Array(256))).slice(0, 8), "0xb90100");
    assert.equal(hex(encodeRlp(new Uint8Array(65536))).slice(0, 10), "0xba010000");
    const list = encodeRlp([new Uint8Array(60)]);
    assert.equal(hex(list).slice(0, 6), "0xf83e");
  });

  it("matches ethers' encoder on random trees", () => {
    fc.assert(
      fc.property(rlpTree, (tree) => {
        // ethers' RlpStructuredData type is mutable; the shapes are the same.
        assert.equal(hex(encodeRlp(tree)), ethersEncodeRlp(tree as Uint8Array));
      }),
      { numRuns: 300 },
    );
  });
});

describe("integers", () => {
  it("writes minimal big-endian integers, zero as the empty string", () => {
    const cases: Array<[bigint, string]> = [
      [0n, "0x80"],
      [1n, "0x01"],
      [0x7fn, "0x7f"],
      [0x80n, "0x8180"],
      [0xffn, "0x81ff"],
      [0x100n, "0x820100"],
      [2n ** 53n - 1n, "0x871fffffffffffff"],
      [2n ** 53n, "0x8720000000000000"],
      [2n ** 64n - 1n, "0x88ffffffffffffffff"],
      [2n ** 256n - 1n, `0xa0${"ff".repeat(32)}`],
    ];
    for (const [value, expected] of cases) {
      const out = new Uint8Array(rlpUintLength(value));
      assert.equal(writeRlpUint(out, 0, value), out.length);
      assert.equal(hex(out), expected, `value ${value}`);
    }
  });

  it("writes exactly what encodeRlp writes for the minimal bytes, and reads it back", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 520n }), (value) => {
        const expected = encodeRlp(bigintToMinimalBytes(value));
        const out = new Uint8Array(rlpUintLength(value) + 2);
        const end = writeRlpUint(out, 1, value);
        assert.equal(end, expected.length + 1);
        assert.equal(hex(out.subarray(1, end)), hex(expected));
        assert.equal(decodeRlpInteger(decodeRlp(expected), 66), value);
      }),
      { numRuns: 500 },
    );
  });

  it("reads integers of every width like bytesToBigint", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 40 }), (bytes) => {
        fc.pre(bytes[0] !== 0);
        assert.equal(readRlpUint(bytes, 0, bytes.length, 40), bytesToBigint(bytes));
      }),
      { numRuns: 500 },
    );
  });

  it("refuses leading zeros, including a lone zero byte", () => {
    expectRlpError(() => decodeRlpInteger(decodeRlp(hexToBytes("0x00")), 32), "leading-zero-integer");
    expectRlpError(() => decodeRlpInteger(decodeRlp(hexToBytes("0x820001")), 32), "leading-zero-integer");
    assert.equal(decodeRlpInteger(decodeRlp(hexToBytes("0x80")), 32), 0n);
  });

  it("refuses integers wider than the limit", () => {
    assert.equal(decodeRlpInteger(decodeRlp(hexToBytes("0x88ffffffffffffffff")), 8), 2n ** 64n - 1n);
    expectRlpError(
      () => decodeRlpInteger(decodeRlp(hexToBytes("0x89010000000000000000")), 8),
      "integer-too-wide",
    );
  });

  it("refuses a list where an integer is expected", () => {
    expectRlpError(() => decodeRlpInteger(decodeRlp(hexToBytes("0xc0")), 8), "expected-string");
  });
});

describe("decodeRlp", () => {
  it("decodes what encodeRlp encodes", () => {
    fc.assert(
      fc.property(rlpTree, (tree) => {
        assert.deepEqual(show(decodeRlp(encodeRlp(tree))), show(tree));
      }),
      { numRuns: 300 },
    );
  });

  it("accepts each encoding only in its canonical form: whatever decodes re-encodes to the same bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        let item: RlpItem;
        try {
          item = decodeRlp(bytes);
        } catch (error) {
          assert.ok(error instanceof RlpError, String(error));
          return;
        }
        assert.equal(hex(encodeRlp(item)), hex(bytes));
      }),
      { numRuns: 3000 },
    );
  });

  it("accepts mutated canonical encodings only when they are canonical", () => {
    const mutated = rlpTree.chain((tree) => {
      const bytes = encodeRlp(tree);
      return fc.tuple(
        fc.constant(bytes),
        fc.nat({ max: Math.max(0, bytes.length - 1) }),
        fc.integer({ min: 0, max: 255 }),
        fc.constantFrom("set", "insert", "delete"),
      );
    });
    fc.assert(
      fc.property(mutated, ([original, at, byte, op]) => {
        const bytes =
          op === "set"
            ? Uint8Array.from(original, (b, i) => (i === at ? byte : b))
            : op === "insert"
              ? Uint8Array.from([...original.subarray(0, at), byte, ...original.subarray(at)])
              : Uint8Array.from([...original.subarray(0, at), ...original.subarray(at + 1)]);
        try {
          const item = decodeRlp(bytes);
          assert.equal(hex(encodeRlp(item)), hex(bytes));
        } catch (error) {
          assert.ok(error instanceof RlpError, String(error));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("returns views into the input", () => {
    const input = hexToBytes("0xc88363617483646f67");
    const item = decodeRlp(input) as Uint8Array[];
    assert.equal(item[0]!.buffer, input.buffer);
  });

  const refusals: Array<[string, string, RlpErrorReason]> = [
    ["nothing", "0x", "empty-input"],
    ["a string header with no payload", "0x83646f", "truncated"],
    ["a list header with a short payload", "0xc88363617483646f", "truncated"],
    ["a long-form header with its length cut off", "0xb9", "truncated"],
    ["a long-form length running past the end", "0xb90100", "truncated"],
    ["an 8-byte length larger than any input", "0xbbffffffffffffffff00", "truncated"],
    ["a list item running past its list", "0xc283646f67", "truncated"],
    ["a byte after the item", "0x83646f6700", "trailing-bytes"],
    ["a second item", "0x8080", "trailing-bytes"],
    ["a single byte below 0x80 wrapped", "0x8105", "non-canonical-single-byte"],
    ["a zero byte wrapped", "0x8100", "non-canonical-single-byte"],
    ["a wrapped single byte inside a list", "0xc28105", "non-canonical-single-byte"],
    ["a long-form string header for 3 bytes", "0xb803646f67", "non-canonical-length"],
    ["a long-form string header for 55 bytes", `0xb837${"61".repeat(55)}`, "non-canonical-length"],
    ["a long-form list header for a 1-byte list", "0xf801c0", "non-canonical-length"],
    ["a zero long-form length", "0xf800", "leading-zero-length"],
    ["a leading zero in a long-form length", `0xb90038${"61".repeat(56)}`, "leading-zero-length"],
    ["a leading zero in a long-form list length", `0xf90038b838${"61".repeat(54)}`, "leading-zero-length"],
  ];
  for (const [what, input, reason] of refusals) {
    it(`refuses ${what} (${reason})`, () => {
      expectRlpError(() => decodeRlp(hexToBytes(input)), reason);
      expectRlpError(() => checkRlp(hexToBytes(input)), reason);
    });
  }

  it("decodes deep nesting without exhausting the call stack", () => {
    const depth = 100_000;
    const encoded = nestedLists(depth);
    checkRlp(encoded);
    let item = decodeRlp(encoded);
    let seen = 0;
    while (Array.isArray(item) && item.length === 1) {
      item = item[0]!;
      seen++;
    }
    assert.deepEqual(item, []);
    assert.equal(seen, depth);
    expectRlpError(() => decodeRlp(encoded.subarray(0, encoded.length - 1)), "truncated");
    expectRlpError(() => checkRlp(encoded.subarray(0, encoded.length - 1)), "truncated");
  });

  it("accepts 0x81 0x80 and the boundary lengths", () => {
    assert.equal(hex(decodeRlp(hexToBytes("0x8180")) as Uint8Array), "0x80");
    assert.equal((decodeRlp(hexToBytes(`0xb7${"61".repeat(55)}`)) as Uint8Array).length, 55);
    assert.equal((decodeRlp(hexToBytes(`0xb838${"61".repeat(56)}`)) as Uint8Array).length, 56);
    assert.equal(hex(encodeRlp(decodeRlp(getBytes("0xc7c0c1c0c3c0c1c0")))), "0xc7c0c1c0c3c0c1c0");
  });
});
