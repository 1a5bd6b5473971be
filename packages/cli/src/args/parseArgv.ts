import { UsageError } from "../errors.ts";

// A small, strict parser for `halcyon <command> [positionals] [--flags]`: flags before or after the
// positionals, `--flag value` or `--flag=value`, booleans without a value, `--` ending the flags. It
// knows nothing about meanings: each command checks its values (parseAmount, parseAddress, …).

export type FlagSpec = {
  readonly type: "string" | "boolean";
  /** Placeholder for the help text, e.g. "<eth>". */
  readonly value?: string;
  readonly description: string;
};

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

export type ParsedArgv = {
  readonly positionals: readonly string[];
  readonly strings: ReadonlyMap<string, string>;
  readonly booleans: ReadonlySet<string>;
};

/**
 * Parses `argv` against the flags a command accepts. Throws UsageError naming the token for an unknown
 * flag, a flag given twice, a string flag without its value or a boolean flag given one. `where` names
 * the command in messages ("for send").
 */
export function parseArgv(argv: readonly string[], flags: FlagSpecs, where: string): ParsedArgv {
  const positionals: string[] = [];
  const strings = new Map<string, string>();
  const booleans = new Set<string>();
  let flagsEnded = false;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (flagsEnded || !token.startsWith("-") || token === "-" || /^-\d/.test(token)) {
      positionals.push(token);
      continue;
    }
    if (token === "--") {
      flagsEnded = true;
      continue;
    }
    if (token === "-h") {
      booleans.add("help");
      continue;
    }
    if (!token.startsWith("--")) {
      throw new UsageError(`unknown flag ${token}${where}: flags are written --name (see --help)`);
    }
    const eq = token.indexOf("=");
    const name = eq === -1 ? token.slice(2) : token.slice(2, eq);
    const spec = flags[name];
    if (spec === undefined) throw new UsageError(`unknown flag --${name}${where} (see --help)`);
    if (strings.has(name) || booleans.has(name)) throw new UsageError(`--${name} is given twice`);
    if (spec.type === "boolean") {
      if (eq !== -1) throw new UsageError(`--${name} takes no value, got "${token.slice(eq + 1)}"`);
      booleans.add(name);
      continue;
    }
    let value: string | undefined;
    if (eq !== -1) {
      value = token.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      // A value may start with "-" (a negative amount, to be refused by its parser) but not with "--".
      if (next !== undefined && !next.startsWith("--")) {
        value = next;
        i++;
      }
    }
    if (value === undefined || value === "") {
      throw new UsageError(`--${name} needs a value: ${spec.value ?? "a value"} (${spec.description})`);
    }
    strings.set(name, value);
  }
  return { positionals, strings, booleans };
}
