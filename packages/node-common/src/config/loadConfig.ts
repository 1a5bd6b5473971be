import { ConfigError } from "./configError.ts";
import { type ConfigField, type ConfigOf, type ConfigSchema, flagOf, isSecret } from "./configSchema.ts";
import { parseConfigValue } from "./parseConfigValue.ts";

export type LoadConfigOptions = {
  /** Default process.env. An empty variable counts as unset. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The arguments after the script, default process.argv.slice(2). The command line wins over env. */
  readonly argv?: readonly string[];
};

const HELP_FLAGS = ["--help", "-h"];

/** True when the arguments ask for --help (print configHelp and exit instead of loading). */
export function wantsHelp(argv: readonly string[] = process.argv.slice(2)): boolean {
  return argv.some((a) => HELP_FLAGS.includes(a));
}

function checkSchema(schema: ConfigSchema): void {
  const problems: string[] = [];
  const envs = new Map<string, string>();
  const flags = new Map<string, string>();
  for (const [name, field] of Object.entries(schema)) {
    const flag = flagOf(name, field);
    if (!/^--[a-z0-9][a-z0-9-]*$/.test(flag))
      problems.push(`${name}: flag ${flag} must look like --some-name`);
    if (flags.has(flag) || HELP_FLAGS.includes(flag)) problems.push(`${name}: flag ${flag} is taken`);
    flags.set(flag, name);
    if (field.env !== undefined) {
      if (envs.has(field.env)) problems.push(`${name}: environment variable ${field.env} is taken`);
      envs.set(field.env, name);
    }
    if (field.required === true && field.default !== undefined) {
      problems.push(`${name}: a required field cannot have a default`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems.map((p) => `schema: ${p}`));
}

type CliValue = { flag: string; raw: string } | { flag: string; value: boolean };

/** Reads the command line into values by field name; unknown flags and stray words become problems. */
function readArgv(schema: ConfigSchema, argv: readonly string[], problems: string[]): Map<string, CliValue> {
  const byFlag = new Map(Object.entries(schema).map(([name, field]) => [flagOf(name, field), name] as const));
  const out = new Map<string, CliValue>();
  const set = (name: string, value: CliValue) => {
    if (out.has(name)) problems.push(`${value.flag}: given more than once`);
    out.set(name, value);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (HELP_FLAGS.includes(arg)) continue;
    if (!arg.startsWith("--")) {
      problems.push(`unexpected argument '${arg}'`);
      continue;
    }
    const eq = arg.indexOf("=");
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    const inline = eq === -1 ? undefined : arg.slice(eq + 1);
    const name = byFlag.get(flag);
    if (name === undefined && flag.startsWith("--no-") && inline === undefined) {
      const positive = byFlag.get(`--${flag.slice(5)}`);
      if (positive !== undefined && schema[positive]?.type === "boolean") {
        set(positive, { flag, value: false });
        continue;
      }
    }
    if (name === undefined) {
      problems.push(`unknown option ${flag}`);
      continue;
    }
    const field = schema[name]!;
    if (inline !== undefined) {
      set(name, { flag, raw: inline });
    } else if (field.type === "boolean") {
      set(name, { flag, value: true });
    } else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith("--")) {
        problems.push(`${flag}: missing value`);
      } else {
        set(name, { flag, raw: next });
        i++;
      }
    }
  }
  return out;
}

function label(name: string, field: ConfigField): string {
  return field.env === undefined ? flagOf(name, field) : `${field.env} (${flagOf(name, field)})`;
}

/**
 * Reads the configuration once, at startup: for each field the command line, else the environment,
 * else the default. Throws one ConfigError listing every problem (unknown options, missing required
 * fields, values of the wrong type), e.g. "SEQUENCER_BLOCK_TIME_MS: expected a positive integer, got 'abc'".
 * The result is frozen.
 */
export function loadConfig<const S extends ConfigSchema>(
  schema: S,
  options: LoadConfigOptions = {},
): ConfigOf<S> {
  checkSchema(schema);
  const env = options.env ?? process.env;
  const problems: string[] = [];
  const cli = readArgv(schema, options.argv ?? process.argv.slice(2), problems);
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(schema)) {
    const fromCli = cli.get(name);
    const fromEnv = field.env === undefined ? undefined : env[field.env];
    if (fromCli !== undefined && "value" in fromCli) {
      out[name] = fromCli.value;
      continue;
    }
    const source =
      fromCli !== undefined
        ? { where: fromCli.flag, raw: fromCli.raw }
        : fromEnv !== undefined && fromEnv !== ""
          ? { where: field.env!, raw: fromEnv }
          : undefined;
    if (source === undefined) {
      if (field.default !== undefined) out[name] = field.default;
      else if (field.required === true) problems.push(`${label(name, field)}: required but not set`);
      else out[name] = undefined;
      continue;
    }
    const parsed = parseConfigValue(field, source.raw);
    if (parsed.ok) out[name] = parsed.value;
    else problems.push(`${source.where}: ${parsed.problem}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(out) as ConfigOf<S>;
}

/** The configuration as plain JSON for a startup log line: secrets hidden, bigints as strings. */
export function configForLog<S extends ConfigSchema>(
  schema: S,
  config: ConfigOf<S>,
): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const [name, field] of Object.entries(schema)) {
    const value = (config as Record<string, unknown>)[name];
    if (value === undefined) out[name] = null;
    else if (isSecret(field)) out[name] = "<redacted>";
    else if (typeof value === "bigint") out[name] = value.toString();
    else out[name] = value as string | number | boolean;
  }
  return out;
}
