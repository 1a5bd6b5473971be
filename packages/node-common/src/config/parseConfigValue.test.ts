import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ConfigField } from "./configSchema.ts";
import { parseConfigValue } from "./parseConfigValue.ts";

function value(field: ConfigField, raw: string): unknown {
  const parsed = parseConfigValue(field, raw);
  assert.ok(parsed.ok, `${raw}: ${parsed.ok ? "" : parsed.problem}`);
  return parsed.value;
}

function problem(field: ConfigField, raw: string): string {
  const parsed = parseConfigValue(field, raw);
  assert.ok(!parsed.ok, `${raw} should be refused`);
  return parsed.problem;
}

describe("parseConfigValue", () => {
  it("parses durations with and without units", () => {
    const f: ConfigField = { type: "duration", description: "" };
    assert.equal(value(f, "250"), 250);
    assert.equal(value(f, "250ms"), 250);
    assert.equal(value(f, "1.5s"), 1500);
    assert.equal(value(f, "5m"), 300_000);
    assert.equal(value(f, "1h"), 3_600_000);
    assert.match(problem(f, "soon"), /^expected a duration in ms, or with a unit/);
    assert.match(problem({ ...f, min: 1 }, "0"), /^expected a positive duration/);
  });

  it("parses integers with bounds and separators", () => {
    const f: ConfigField = { type: "int", description: "", min: 1, max: 10 };
    assert.equal(value(f, " 7 "), 7);
    assert.equal(problem(f, "11"), "expected an integer between 1 and 10, got '11'");
    assert.equal(problem(f, "1.5"), "expected an integer between 1 and 10, got '1.5'");
    assert.equal(value({ type: "int", description: "" }, "-1_000"), -1000);
    assert.match(problem({ type: "int", description: "" }, "9007199254740993"), /expected an integer/);
  });

  it("parses bigints beyond 2^53, in decimal or hex", () => {
    const f: ConfigField = { type: "bigint", description: "" };
    assert.equal(
      value(f, "115792089237316195423570985008687907853269984665640564039457584007913129639935"),
      2n ** 256n - 1n,
    );
    assert.equal(value(f, "0xff"), 255n);
    assert.match(problem(f, "1e18"), /expected an integer/);
  });

  it("checksums addresses and checks private keys without echoing them", () => {
    const a: ConfigField = { type: "address", description: "" };
    assert.equal(
      value(a, "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"),
      "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
    );
    assert.match(problem(a, "0x1234"), /expected an address/);
    const k: ConfigField = { type: "privateKey", description: "" };
    const key = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    assert.equal(value(k, key), `0x${key}`);
    assert.equal(
      problem(k, `0x${"0".repeat(64)}`),
      "expected a private key in the secp256k1 range, got a value of 66 characters",
    );
    assert.equal(
      problem(k, "nope"),
      "expected a private key (0x and 64 hex digits), got a value of 4 characters",
    );
    assert.match(problem({ type: "url", description: "", secret: true }, "pg://u:pw@x y"), /got a value of/);
  });

  it("parses booleans", () => {
    const f: ConfigField = { type: "boolean", description: "" };
    for (const t of ["true", "1", "YES", "on"]) assert.equal(value(f, t), true);
    for (const t of ["false", "0", "no", "Off"]) assert.equal(value(f, t), false);
  });
});
