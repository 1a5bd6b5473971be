import { invalidParams } from "./errors.ts";
import { parseQuantityOrNumber } from "./params.ts";

/** An optional page size (QUANTITY or number) of 1 .. max; `fallback` when absent or null. */
export function parsePageSize(value: unknown, name: string, fallback: number, max: number): number {
  if (value === undefined || value === null) return fallback;
  const n = parseQuantityOrNumber(value, name);
  if (n < 1n || n > BigInt(max)) throw invalidParams(`${name}: expected 1 to ${max}`);
  return Number(n);
}
