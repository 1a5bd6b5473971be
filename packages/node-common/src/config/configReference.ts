import { type ConfigField, type ConfigSchema, flagOf, isSecret } from "./configSchema.ts";

function code(text: string): string {
  return `\`${text}\``;
}

function defaultCell(field: ConfigField): string {
  if (field.required === true) return "required";
  if (field.default === undefined) return "unset";
  if (isSecret(field)) return "(secret)";
  if (field.type === "duration") return code(`${field.default}ms`);
  return code(String(field.default));
}

function descriptionCell(field: ConfigField): string {
  const parts = [field.description];
  if (field.type === "string" && field.choices !== undefined) {
    parts.push(`one of ${field.choices.map(code).join(", ")}`);
  }
  if (
    (field.type === "int" || field.type === "bigint" || field.type === "duration") &&
    field.min !== undefined
  ) {
    parts.push(`at least ${field.min}${field.type === "duration" ? " ms" : ""}`);
  }
  if (
    (field.type === "int" || field.type === "bigint" || field.type === "duration") &&
    field.max !== undefined
  ) {
    parts.push(`at most ${field.max}${field.type === "duration" ? " ms" : ""}`);
  }
  if (isSecret(field)) parts.push("secret: never logged");
  // A pipe would end the table cell.
  return parts.join("; ").replaceAll("|", "\\|");
}

/**
 * One Markdown table of a service's options, generated from its schema so that the reference in
 * `docs/configuration.md` cannot drift from what the service accepts.
 */
export function configReference(schema: ConfigSchema): string {
  const lines = ["| variable | flag | default | meaning |", "| --- | --- | --- | --- |"];
  for (const [name, field] of Object.entries(schema)) {
    const env = field.env === undefined ? "—" : code(field.env);
    lines.push(
      `| ${env} | ${code(flagOf(name, field))} | ${defaultCell(field)} | ${descriptionCell(field)} |`,
    );
  }
  return `${lines.join("\n")}\n`;
}
