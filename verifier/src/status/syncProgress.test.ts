import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createLogger } from "@halcyon/node-common";
import { SyncProgress } from "./syncProgress.ts";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    level: "info",
    destination: { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  return { logger, lines };
}

describe("SyncProgress", () => {
  test("logs blocks/s, batches/s and an ETA while behind, once per interval", () => {
    let now = 0;
    const { logger, lines } = capture();
    const progress = new SyncProgress({ logger, intervalMs: 1_000, now: () => now });
    progress.onDerived(1n, 100n, 1_000n);
    progress.onReplayed(4, 400);
    now = 500;
    progress.tick();
    assert.equal(lines.length, 0, "the window is not over");
    now = 2_000;
    progress.tick();
    assert.equal(lines.length, 1);
    const snapshot = progress.snapshot();
    assert.equal(snapshot.syncing, true);
    assert.equal(snapshot.behindBlocks, "900");
    assert.equal(snapshot.blocksPerSec, 50);
    assert.equal(snapshot.batchesPerSec, 2);
    assert.equal(snapshot.txsPerSec, 200);
    assert.equal(snapshot.etaSeconds, 18);
    assert.equal(lines[0]!.msg, "syncing from L1");
  });

  test("is quiet once caught up with nothing replayed", () => {
    let now = 0;
    const { logger, lines } = capture();
    const progress = new SyncProgress({ logger, intervalMs: 1_000, now: () => now });
    progress.onHead(50n, 50n);
    now = 5_000;
    progress.tick();
    assert.equal(lines.length, 0);
    assert.equal(progress.snapshot().syncing, false);
    assert.equal(progress.snapshot().etaSeconds, null);
  });
});
