// The command line's parsers: every refusal is a UsageError (exit code 2) whose message names the flag
// and says what is expected; every accepted value is exact.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { UsageError } from "../errors.ts";
import { parseAddress } from "./parseAddress.ts";
import { parseDecimalAmount, parseEther, toBaseUnits } from "./parseAmount.ts";
import { type FlagSpecs, parseArgv } from "./parseArgv.ts";
import { parseHash } from "./parseHash.ts";
import { parseIndex } from "./parseIndex.ts";
import { parsePrivateKey } from "./parsePrivateKey.ts";
import { parseRpcUrl } from "./parseRpcUrl.ts";

function refuses(fn: () => unknown, pattern: RegExp) {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof UsageError, `a UsageError, not ${String(error)}`);
    assert.equal(error.exitCode, 2);
    assert.match(error.message, pattern);
    assert.ok(!error.message.includes("\n"), "one line");
    return true;
  });
}

const FLAGS: FlagSpecs = {
  to: { type: "string", value: "<address>", description: "the recipient" },
  value: { type: "string", value: "<amount>", description: "amount in ether" },
  json: { type: "boolean", description: "json" },
  help: { type: "boolean", description: "help" },
};

describe("parseArgv", () => {
  it("takes flags before and after positionals, --flag value and --flag=value, and -- to end flags", () => {
    const args = parseArgv(
      ["0xabc", "--to", "0x1", "--value=2.5", "--json", "--", "--not-a-flag"],
      FLAGS,
      "",
    );
    assert.deepEqual(args.positionals, ["0xabc", "--not-a-flag"]);
    assert.equal(args.strings.get("to"), "0x1");
    assert.equal(args.strings.get("value"), "2.5");
    assert.ok(args.booleans.has("json"));
    assert.ok(parseArgv(["-h"], FLAGS, "").booleans.has("help"));
  });

  it("passes a negative number to the flag, so the amount parser can say what is wrong with it", () => {
    assert.equal(parseArgv(["--value", "-1"], FLAGS, "").strings.get("value"), "-1");
    assert.deepEqual(parseArgv(["-5"], FLAGS, "").positionals, ["-5"]);
  });

  it("refuses unknown flags, repeated flags, missing values and values on booleans", () => {
    refuses(
      () => parseArgv(["--bogus"], FLAGS, " for halcyon send"),
      /^unknown flag --bogus for halcyon send/,
    );
    refuses(() => parseArgv(["-x"], FLAGS, ""), /^unknown flag -x/);
    refuses(() => parseArgv(["--to", "0x1", "--to=0x2"], FLAGS, ""), /^--to is given twice/);
    refuses(() => parseArgv(["--to"], FLAGS, ""), /^--to needs a value: <address> \(the recipient\)/);
    refuses(() => parseArgv(["--to", "--json"], FLAGS, ""), /^--to needs a value/);
    refuses(() => parseArgv(["--value="], FLAGS, ""), /^--value needs a value/);
    refuses(() => parseArgv(["--json=yes"], FLAGS, ""), /^--json takes no value/);
  });
});

describe("amounts", () => {
  it("turns decimal ether into exact wei", () => {
    assert.equal(parseEther("1", "--value"), 10n ** 18n);
    assert.equal(parseEther("1.5", "--value"), 15n * 10n ** 17n);
    assert.equal(parseEther("0.000000000000000001", "--value"), 1n);
    assert.equal(parseEther(".25", "--value"), 25n * 10n ** 16n);
    assert.equal(parseEther("2.", "--value"), 2n * 10n ** 18n);
    assert.equal(
      parseEther("1.500000000000000000000", "--value"),
      15n * 10n ** 17n,
      "trailing zeros are exact",
    );
    assert.equal(
      parseEther("123456789012345678901234567890", "--value"),
      123456789012345678901234567890n * 10n ** 18n,
    );
  });

  it("scales to a token's decimals and refuses finer amounts than it has", () => {
    assert.equal(toBaseUnits(parseDecimalAmount("12.34", "--value"), 2, "--value"), 1234n);
    assert.equal(toBaseUnits(parseDecimalAmount("7", "--value"), 0, "--value"), 7n);
    refuses(
      () => toBaseUnits(parseDecimalAmount("1.234", "--value"), 2, "--value"),
      /more than 2 decimal places/,
    );
    refuses(() => parseEther("0.0000000000000000001", "--value"), /more than 18 decimal places/);
  });

  it("refuses negative, zero and malformed amounts, naming the flag", () => {
    refuses(() => parseEther("-1", "--value"), /^--value: .*negative amount "-1"/);
    refuses(() => parseEther("0", "--value"), /^--value: .*zero/);
    refuses(() => parseEther("0.000", "--value"), /zero/);
    for (const bad of [
      "",
      "abc",
      "1e18",
      "1,5",
      "1.2.3",
      "0x10",
      " 1",
      "+1",
      "1 ETH",
      "Infinity",
      "NaN",
      ".",
    ]) {
      refuses(() => parseEther(bad, "--value"), /^--value: expected a positive decimal number like 1.5/);
    }
  });
});

describe("addresses, hashes, indices, keys, URLs", () => {
  it("accepts lower-case and checksummed addresses and returns the checksummed form", () => {
    const checksummed = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    assert.equal(parseAddress(checksummed.toLowerCase(), "--to"), checksummed);
    assert.equal(parseAddress(checksummed, "--to"), checksummed);
  });

  it("refuses short, non-hex and mis-checksummed addresses", () => {
    refuses(
      () => parseAddress("0x123", "--to"),
      /^--to: expected an address \(0x followed by 40 hex digits\), got "0x123"/,
    );
    refuses(() => parseAddress("70997970C51812dc3A010C7d01b50e0d17dc79C8", "--to"), /expected an address/);
    refuses(() => parseAddress(`0x${"g".repeat(40)}`, "--to"), /expected an address/);
    refuses(
      () => parseAddress("0x70997970c51812dc3A010C7d01b50e0d17dc79C8", "--to"),
      /wrong EIP-55 checksum/,
    );
  });

  it("parses hashes, indices, keys and RPC URLs, refusing malformed ones", () => {
    const hash = `0x${"Ab".repeat(32)}`;
    assert.equal(parseHash(hash, "<hash>"), hash.toLowerCase());
    refuses(() => parseHash("0x1234", "<hash>"), /^<hash>: expected a transaction hash/);
    assert.equal(parseIndex("3", "<n>"), 3n);
    assert.equal(parseIndex("0x10", "<n>"), 16n);
    for (const bad of ["-1", "1.5", "01", "x", ""])
      refuses(() => parseIndex(bad, "<n>"), /^<n>: expected a non-negative/);
    assert.equal(parsePrivateKey("11".repeat(32), "--private-key"), `0x${"11".repeat(32)}`);
    refuses(() => parsePrivateKey("0x1234", "--private-key"), /^--private-key: expected a private key/);
    refuses(() => parsePrivateKey("00".repeat(32), "HALCYON_PRIVATE_KEY"), /^HALCYON_PRIVATE_KEY/);
    assert.equal(parseRpcUrl("http://127.0.0.1:8545", "--l1-rpc"), "http://127.0.0.1:8545");
    refuses(() => parseRpcUrl("localhost:8545", "--l1-rpc"), /^--l1-rpc: expected an http\(s\) URL/);
    refuses(
      () => parseRpcUrl("ws://127.0.0.1:8546", "HALCYON_L1_RPC"),
      /^HALCYON_L1_RPC: expected an http\(s\) URL/,
    );
  });
});
