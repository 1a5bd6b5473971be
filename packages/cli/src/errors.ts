import { BaseError } from "../../protocol/src/errors.ts";

// The CLI's two kinds of failure, told apart by their exit code: the command line itself is wrong (2),
// or the command could not do its work (1). Both print one line that says what to do.

/** A bad command line: unknown command or flag, a missing or malformed value. Exit code 2. */
export class UsageError extends BaseError {
  override name = "UsageError";
  readonly exitCode = 2;
}

/** The command could not do its work: an RPC out of reach, a missing file, a refused transaction. Exit code 1. */
export class CliError extends BaseError {
  override name = "CliError";
  readonly exitCode = 1;
}
