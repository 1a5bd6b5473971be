// Readable and JSON output: amounts with their symbol, durations, aligned fields, bigints as strings.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatAmount } from "./formatAmount.ts";
import { formatDuration } from "./formatDuration.ts";
import { formatFields } from "./table.ts";
import { toJson } from "./toJson.ts";

describe("formatting", () => {
  it("formats amounts exactly, with the token's decimals and symbol", () => {
    assert.equal(formatAmount(15n * 10n ** 17n, 18, "ETH"), "1.5 ETH");
    assert.equal(formatAmount(1n, 18, "ETH"), "0.000000000000000001 ETH");
    assert.equal(formatAmount(0n, 18, "ETH"), "0 ETH");
    assert.equal(formatAmount(1234n, 2, "TT"), "12.34 TT");
  });

  it("formats durations for people", () => {
    assert.equal(formatDuration(0n), "0s");
    assert.equal(formatDuration(-5n), "0s");
    assert.equal(formatDuration(42n), "42s");
    assert.equal(formatDuration(185n), "3m 05s");
    assert.equal(formatDuration(7_200n), "2h 00m");
    assert.equal(formatDuration(3n * 86_400n + 4n * 3_600n + 59n), "3d 4h");
  });

  it("aligns fields on the longest label", () => {
    assert.equal(
      formatFields(
        [
          ["a", "1"],
          ["long label", "2"],
        ],
        "  ",
      ),
      "  a:          1\n  long label: 2",
    );
  });

  it("prints bigints as decimal strings, beyond 2^53 exactly", () => {
    const doc = JSON.parse(toJson({ wei: 2n ** 70n, n: 1, s: "x", none: null }));
    assert.deepEqual(doc, { wei: "1180591620717411303424", n: 1, s: "x", none: null });
  });
});
