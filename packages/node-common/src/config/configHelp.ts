import { type ConfigField, type ConfigSchema, flagOf, isSecret } from "./configSchema.ts";

const PLACEHOLDER: Readonly<Record<ConfigField["type"], string>> = {
  string: "<text>",
  url: "<url>",
  int: "<n>",
  bigint: "<n>",
  duration: "<duration>",
  address: "<address>",
  privateKey: "<key>",
  boolean: "",
};

function defaultText(field: ConfigField): string | undefined {
  if (field.default === undefined) return undefined;
  if (isSecret(field)) return "set";
  if (field.type === "duration") return `${field.default}ms`;
  return String(field.default);
}

function notes(field: ConfigField): string {
  const parts: string[] = [];
  if (field.type === "string" && field.choices !== undefined)
    parts.push(`one of: ${field.choices.join(", ")}`);
  if (field.env !== undefined) parts.push(`env ${field.env}`);
  if (field.required === true) parts.push("required");
  const d = defaultText(field);
  if (d !== undefined) parts.push(`default ${d}`);
  return parts.length === 0 ? "" : ` [${parts.join("; ")}]`;
}

/**
 * The --help text, generated from the schema: one line per option with its placeholder, description,
 * environment variable, and whether it is required or its default (secrets' defaults are not shown).
 */
export function configHelp(schema: ConfigSchema, program: { name: string; description?: string }): string {
  const rows: [string, string][] = Object.entries(schema).map(([name, field]) => {
    const flag = flagOf(name, field);
    const left =
      field.type === "boolean" ? `${flag}, --no-${flag.slice(2)}` : `${flag} ${PLACEHOLDER[field.type]}`;
    return [left, `${field.description}${notes(field)}`];
  });
  rows.push(["-h, --help", "Show this help and exit."]);
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  const lines = [`Usage: ${program.name} [options]`, ""];
  if (program.description !== undefined) lines.push(program.description, "");
  lines.push("Options (the command line wins over the environment):");
  for (const [left, right] of rows) lines.push(`  ${left.padEnd(width)}${right}`);
  lines.push("", "Durations are milliseconds, or take a unit: 250ms, 2s, 5m, 1h.");
  return `${lines.join("\n")}\n`;
}
