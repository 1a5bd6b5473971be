import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { describe, it } from "node:test";
import { createLogger, LoggerError } from "./logger.ts";

function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const lines = () =>
    chunks
      .join("")
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { stream, lines };
}

describe("createLogger", () => {
  it("writes JSON lines with the name and honours the level", () => {
    const out = capture();
    const logger = createLogger({ level: "info", name: "sequencer", destination: out.stream });
    logger.debug("hidden");
    logger.info({ block: 7 }, "sealed");
    const lines = out.lines();
    assert.equal(lines.length, 1);
    assert.equal(lines[0]?.name, "sequencer");
    assert.equal(lines[0]?.msg, "sealed");
    assert.equal(lines[0]?.block, 7);
  });

  it("is silent under the test runner unless a level is given", () => {
    const out = capture();
    createLogger({ destination: out.stream, env: { NODE_TEST_CONTEXT: "child-v8" } }).error("quiet");
    createLogger({ destination: out.stream, env: {} }).info("loud");
    assert.deepEqual(
      out.lines().map((l) => l.msg),
      ["loud"],
    );
  });

  it("refuses an unknown level", () => {
    assert.throws(() => createLogger({ level: "verbose" as "info" }), LoggerError);
  });
});
