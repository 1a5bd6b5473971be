import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { BaseError } from "../../../packages/protocol/src/errors.ts";

// A Halcyon service (the sequencer or the verifier) as a child process of the devnet, configured by its
// environment as in production. Its whole log goes to a file; a few lines (progress, warnings, errors)
// reach the console through onLog. It runs in its own process group, so the terminal's Ctrl-C reaches
// the devnet alone, which then stops the services in order (a second signal would make them exit at once).

export class ServiceStartError extends BaseError {
  override name = "ServiceStartError";
}

/** A pino log line. */
export type LogEntry = { readonly level: number; readonly msg?: string; readonly [field: string]: unknown };

export type ServiceChild = {
  readonly name: string;
  /** The URL the service announced when it became ready. */
  readonly url: string;
  readonly child: ChildProcess;
  /** Resolves with the exit code when the process is gone. */
  readonly exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL if it has not exited within `timeoutMs`. Resolves with the exit code. */
  stop(timeoutMs?: number): Promise<number | null>;
};

export type StartServiceChildOptions = {
  readonly name: string;
  /** The entry point (a .ts file run by this Node). */
  readonly main: string;
  readonly env: Readonly<Record<string, string>>;
  /** Appended to. */
  readonly logFile: string;
  /** Ready when this returns a URL for a line of the log. */
  readonly ready: (entry: LogEntry) => string | undefined;
  /** Which lines reach onLog (default: warnings and worse). */
  readonly show?: (entry: LogEntry) => boolean;
  readonly onLog?: (line: string) => void;
  readonly timeoutMs?: number;
};

const STANDARD_FIELDS = new Set(["level", "time", "pid", "hostname", "name", "msg", "part"]);
const LEVEL_NAMES: Record<number, string> = { 40: "warn", 50: "error", 60: "fatal" };

/** One readable console line for a log entry: the message and its other fields as key=value. */
export function formatLogEntry(service: string, entry: LogEntry): string {
  const fields = Object.entries(entry)
    .filter(([key]) => !STANDARD_FIELDS.has(key))
    .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`);
  const level = LEVEL_NAMES[entry.level];
  return [`[${service}]`, level === undefined ? "" : `${level}:`, entry.msg ?? "", ...fields]
    .filter((s) => s !== "")
    .join(" ");
}

export async function startServiceChild(options: StartServiceChildOptions): Promise<ServiceChild> {
  const log = options.onLog ?? (() => {});
  const show = options.show ?? ((entry: LogEntry) => entry.level >= 40);
  const file = createWriteStream(options.logFile, { flags: "a" });
  const child = spawn(process.execPath, [options.main], {
    env: options.env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const exited = new Promise<number | null>((resolve) => {
    child.on("exit", (code, signal) => resolve(code ?? (signal === null ? null : 128)));
  });
  const closed = exited.then(() => new Promise<void>((resolve) => file.end(() => resolve())));
  let resolveReady: (url: string) => void = () => {};
  const ready = new Promise<string>((resolve) => {
    resolveReady = resolve;
  });
  let pending = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    file.write(chunk);
    pending += chunk.toString();
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      let entry: LogEntry;
      try {
        entry = JSON.parse(line) as LogEntry;
      } catch {
        continue;
      }
      const url = options.ready(entry);
      if (url !== undefined) resolveReady(url);
      if (show(entry)) log(formatLogEntry(options.name, entry));
    }
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    file.write(chunk);
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });

  const stop = async (timeoutMs = 15_000): Promise<number | null> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      await exited;
      clearTimeout(timer);
    }
    await closed;
    return exited;
  };

  const timeoutMs = options.timeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    ready.then((url) => ({ url })),
    exited.then((code) => ({ code })),
    new Promise<{ timeout: true }>((resolve) => {
      timer = setTimeout(() => resolve({ timeout: true }), timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  if (!("url" in outcome)) {
    await stop(2_000);
    const why =
      "code" in outcome ? `exited with code ${outcome.code}` : `was not ready after ${timeoutMs} ms`;
    throw new ServiceStartError(
      `the ${options.name} ${why} (its log: ${options.logFile})${stderr === "" ? "" : `\n${stderr.trim()}`}`,
    );
  }
  return { name: options.name, url: outcome.url, child, exited, stop };
}
