import { UsageError } from "../errors.ts";

// Amounts on the command line are decimal numbers of whole units (ether, or a token's whole units),
// turned into integer base units exactly: no floating point, and no silent rounding.

/** A decimal amount as typed: its integer and fraction digits, checked but not yet scaled. */
export type DecimalAmount = { readonly text: string; readonly whole: string; readonly fraction: string };

const DECIMAL = /^(\d+)(?:\.(\d*))?$|^\.(\d+)$/;

/**
 * Checks the shape of an amount: a positive decimal like 1, 0.5 or 1.25 (no sign, exponent, or
 * thousands separators). Throws UsageError naming `flag`.
 */
export function parseDecimalAmount(text: string, flag: string): DecimalAmount {
  const expected = "a positive decimal number like 1.5";
  if (text.startsWith("-"))
    throw new UsageError(`${flag}: expected ${expected}, got a negative amount "${text}"`);
  const m = DECIMAL.exec(text);
  if (m === null) throw new UsageError(`${flag}: expected ${expected}, got "${text}"`);
  const whole = m[1] ?? "0";
  const fraction = m[2] ?? m[3] ?? "";
  if (/^0*$/.test(whole) && /^0*$/.test(fraction)) {
    throw new UsageError(`${flag}: expected ${expected}, got zero ("${text}")`);
  }
  return { text, whole, fraction };
}

/** Scales a checked amount to base units with `decimals` (18 for ether). Throws UsageError if it is finer. */
export function toBaseUnits(amount: DecimalAmount, decimals: number, flag: string): bigint {
  const fraction = amount.fraction.replace(/0+$/, "");
  if (fraction.length > decimals) {
    throw new UsageError(
      `${flag}: "${amount.text}" has more than ${decimals} decimal places, the finest this ${decimals === 18 ? "amount" : "token"} has`,
    );
  }
  return BigInt(amount.whole) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, "0") || "0");
}

/** parseDecimalAmount then toBaseUnits: an ether amount in wei. */
export function parseEther(text: string, flag: string): bigint {
  return toBaseUnits(parseDecimalAmount(text, flag), 18, flag);
}
