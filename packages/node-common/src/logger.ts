import pino from "pino";
import { BaseError } from "./errors.ts";

/** The services' logger: pino's, so child loggers, levels and structured fields work as documented there. */
export type Logger = pino.Logger;

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class LoggerError extends BaseError {
  override name = "LoggerError";
}

export function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

/**
 * True inside a `node --test` run (the runner sets NODE_TEST_CONTEXT in the processes it starts), where
 * loggers default to silent so test output stays readable.
 */
function underTestRunner(env: NodeJS.ProcessEnv): boolean {
  return env.NODE_TEST_CONTEXT !== undefined;
}

export type CreateLoggerOptions = {
  /** Default: "info", or "silent" under `node --test`. */
  readonly level?: LogLevel | undefined;
  /** The `name` field of every line (e.g. "sequencer"). */
  readonly name?: string | undefined;
  /** Where lines go; default stdout. Tests pass a stream to read what was logged. */
  readonly destination?: pino.DestinationStream | undefined;
  /** Consulted for the test-runner default; default process.env. */
  readonly env?: NodeJS.ProcessEnv | undefined;
};

/** A JSON-lines logger. One per service instance, passed down explicitly; no global logger. */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const level = options.level ?? (underTestRunner(options.env ?? process.env) ? "silent" : "info");
  if (!isLogLevel(level)) {
    throw new LoggerError(`unknown log level '${String(level)}'`, {
      details: { allowed: LOG_LEVELS.join(", ") },
    });
  }
  const pinoOptions: pino.LoggerOptions = {
    level,
    base: options.name === undefined ? {} : { name: options.name },
  };
  return options.destination === undefined ? pino(pinoOptions) : pino(pinoOptions, options.destination);
}

/** A logger that drops everything: the default for tests that do not look at logs. */
export function createSilentLogger(): Logger {
  return pino({ level: "silent" });
}
