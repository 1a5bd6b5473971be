import { UsageError } from "../errors.ts";

/** A non-negative integer in decimal (or 0x hex), such as a batch index. Throws UsageError naming `what`. */
export function parseIndex(text: string, what: string): bigint {
  if (!/^(0|[1-9]\d*|0x[0-9a-fA-F]+)$/.test(text)) {
    throw new UsageError(`${what}: expected a non-negative whole number like 3, got "${text}"`);
  }
  return BigInt(text);
}
