// Test helper: polls `condition` until it holds, instead of sleeping a guessed time, so tests stay fast
// on a quick machine and correct on a slow one.
import { setTimeout as sleep } from "node:timers/promises";

export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  options: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${options.what ?? "a condition"}`);
    await sleep(options.intervalMs ?? 5);
  }
}
