// Test helper: runs testing/exitAfterClose.fixture.ts in a child process and returns its JSON output.
// Rejects if the child fails or does not exit within `timeoutMs` (a dangling handle keeps it alive).
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

const FIXTURE = fileURLToPath(new URL("./exitAfterClose.fixture.ts", import.meta.url));

export function runExitFixture(args: readonly string[], timeoutMs = 20_000): Promise<unknown> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [FIXTURE, ...args],
      { timeout: timeoutMs, killSignal: "SIGKILL" },
      (error, stdout, stderr) => {
        if (error !== null) {
          const how = error.killed ? `did not exit within ${timeoutMs} ms` : `failed (${error.message})`;
          reject(new Error(`fixture ${args.join(" ")} ${how}\n${stderr}`));
          return;
        }
        const lines = stdout.trim().split("\n");
        resolve(JSON.parse(lines[lines.length - 1] ?? "null"));
      },
    );
  });
}
