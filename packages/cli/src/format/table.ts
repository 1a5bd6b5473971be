/** Aligned "label  value" lines, the labels padded to the longest: the readable output's one layout. */
export function formatFields(fields: readonly (readonly [string, string])[], indent = ""): string {
  const width = Math.max(0, ...fields.map(([label]) => label.length));
  return fields.map(([label, value]) => `${indent}${`${label}:`.padEnd(width + 2)}${value}`).join("\n");
}
