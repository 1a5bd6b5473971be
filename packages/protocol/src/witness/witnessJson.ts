import { bytesToHex } from "../bytes.ts";

/**
 * A JSON-ready copy of a witness or vector: bigints become decimal strings, byte strings become
 * 0x-hex, everything else is kept. Consumers read it by its schema (test/vectors/README.md).
 */
export function toJsonValue(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString(10);
  if (value instanceof Uint8Array) return bytesToHex(value);
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toJsonValue(v);
    return out;
  }
  return value;
}
