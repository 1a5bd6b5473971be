// Where the words go: the result on stdout (one JSON document with --json, errors included), notes and
// progress on stderr, progress rewritten in place on a terminal and kept short in a log.
import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { describe, it } from "node:test";
import { Output } from "./output.ts";

function streams(tty: boolean) {
  const stdout = new PassThrough();
  const stderr = Object.assign(new PassThrough(), { isTTY: tty });
  let out = "";
  let err = "";
  stdout.on("data", (d: Buffer) => {
    out += d.toString();
  });
  stderr.on("data", (d: Buffer) => {
    err += d.toString();
  });
  return { io: { stdout, stderr }, out: () => out, err: () => err };
}

describe("Output", () => {
  it("prints the readable result on stdout, and with --json exactly one document with bigints as strings", () => {
    const readable = streams(false);
    new Output(readable.io, false).result("Sent 1 ETH", { amount: 10n ** 18n });
    assert.equal(readable.out(), "Sent 1 ETH\n");
    const json = streams(false);
    const out = new Output(json.io, true);
    out.note("note: a key");
    out.progress("waiting…");
    out.result("Sent 1 ETH", { amount: 10n ** 18n });
    assert.deepEqual(JSON.parse(json.out()), { amount: "1000000000000000000" });
    assert.equal(json.err(), "note: a key\nwaiting…\n");
  });

  it("prints a failure as one line on stderr, and with --json as the one document on stdout", () => {
    const s = streams(false);
    new Output(s.io, true).error("--to: expected an address", "UsageError", 2);
    assert.equal(s.err(), "halcyon: --to: expected an address\n");
    assert.deepEqual(JSON.parse(s.out()), {
      error: { name: "UsageError", message: "--to: expected an address", exitCode: 2 },
    });
    const plain = streams(false);
    new Output(plain.io, false).error("no batch 9", "CliError", 1);
    assert.equal(plain.out(), "");
  });

  it("keeps a countdown short in a log: a line when the message changes kind, not every second", () => {
    const s = streams(false);
    const out = new Output(s.io, false);
    out.progress("batch 2: challenge window closes in 4m 59s");
    out.progress("batch 2: challenge window closes in 4m 58s");
    out.progress("batch 2: challenge window closes in 4m 57s");
    out.progress("finalizing withdrawal #0 on L1…");
    out.progress("finalizing withdrawal #0 on L1…");
    assert.equal(s.err(), "batch 2: challenge window closes in 4m 59s\nfinalizing withdrawal #0 on L1…\n");
  });

  it("rewrites progress in place on a terminal and ends the line before the result", () => {
    const s = streams(true);
    const out = new Output(s.io, false);
    out.progress("closes in 4m 59s");
    out.progress("closes in 4m 58s");
    out.result("done", {});
    assert.equal(s.err(), "\r\x1b[Kcloses in 4m 59s\r\x1b[Kcloses in 4m 58s\n");
    assert.equal(s.out(), "done\n");
  });
});
