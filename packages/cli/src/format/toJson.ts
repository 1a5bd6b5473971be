/**
 * The one JSON document a command prints with --json: bigints (wei, indices, timestamps) as decimal
 * strings, since JSON numbers lose precision above 2^53; everything else as JSON has it.
 */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2);
}
