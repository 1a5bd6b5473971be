import type { FlagSpecs, ParsedArgv } from "./args/parseArgv.ts";
import { UsageError } from "./errors.ts";
import type { Session } from "./session.ts";

/** One `halcyon <name>` command: its help and its work. */
export type Command = {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** The synopsis, e.g. "halcyon send --to <address> --value <eth> [--token <l1 address>]". */
  readonly usage: string;
  /** What it does, a few lines. */
  readonly description: string;
  /** Its own flags (the global ones are added). */
  readonly flags: FlagSpecs;
  /** Positional arguments it takes (names for the help and for "missing" messages). */
  readonly positionals: readonly { readonly name: string; readonly description: string }[];
  readonly examples: readonly string[];
  /** Parses its arguments (UsageError before any request), then does its work. */
  run(session: Session, args: ParsedArgv): Promise<void>;
};

/** The positional at `index`, or UsageError naming what is missing. */
export function positional(command: Command, args: ParsedArgv, index: number): string {
  const value = args.positionals[index];
  const spec = command.positionals[index]!;
  if (value === undefined) {
    throw new UsageError(`missing ${spec.name}: ${spec.description} (usage: ${command.usage})`);
  }
  return value;
}

/** A flag the command cannot do without, or UsageError naming it. */
export function requiredFlag(command: Command, args: ParsedArgv, name: string): string {
  const value = args.strings.get(name);
  if (value === undefined) {
    const spec = command.flags[name];
    throw new UsageError(
      `missing --${name}: ${spec?.value ?? "a value"}, ${spec?.description ?? ""} (usage: ${command.usage})`,
    );
  }
  return value;
}
