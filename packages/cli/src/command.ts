import type { FlagSpecs, ParsedArgv } from "./args/parseArgv.ts";
import { UsageError } from "./errors.ts";
import type { Session } from "./session.ts";

/** A command's work, in its own module: viem, the SDK and the protocol load only when a command runs. */
export type CommandRunner<P> = {
  run(session: Session, input: P): Promise<void>;
};

/** One `halcyon <name>` command: its help, its command-line checks and (loaded on demand) its work. */
export type Command<P = unknown> = {
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
  /** Checks the command line into the command's input; UsageError before anything is loaded or sent. */
  parse(args: ParsedArgv): P;
  /** Loads the work. */
  load(): Promise<CommandRunner<P>>;
};

/** The positional at `index`, or UsageError naming what is missing. */
export function positional<P>(command: Command<P>, args: ParsedArgv, index: number): string {
  const value = args.positionals[index];
  const spec = command.positionals[index]!;
  if (value === undefined) {
    throw new UsageError(`missing ${spec.name}: ${spec.description} (usage: ${command.usage})`);
  }
  return value;
}

/** A flag the command cannot do without, or UsageError naming it. */
export function requiredFlag<P>(command: Command<P>, args: ParsedArgv, name: string): string {
  const value = args.strings.get(name);
  if (value === undefined) {
    const spec = command.flags[name];
    throw new UsageError(
      `missing --${name}: ${spec?.value ?? "a value"}, ${spec?.description ?? ""} (usage: ${command.usage})`,
    );
  }
  return value;
}
