import { getAddress, isAddress } from "viem";
import { type ConfigField, isSecret } from "./configSchema.ts";

export type ParsedValue = { ok: true; value: unknown } | { ok: false; problem: string };

const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const DURATION_UNITS: Readonly<Record<string, number>> = { "": 1, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

function got(field: ConfigField, raw: string): string {
  return isSecret(field) ? `got a value of ${raw.length} characters` : `got '${raw}'`;
}

function fail(field: ConfigField, expected: string, raw: string): ParsedValue {
  return { ok: false, problem: `expected ${expected}, ${got(field, raw)}` };
}

function article(noun: string): string {
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

/** "a positive integer", "an integer between 1 and 10", … */
function rangeText(noun: string, min: number | bigint | undefined, max: number | bigint | undefined): string {
  if (min !== undefined && max !== undefined) return `${article(noun)} between ${min} and ${max}`;
  if (max !== undefined) return `${article(noun)} <= ${max}`;
  if (min === undefined) return article(noun);
  if (BigInt(min) === 0n) return `a non-negative ${noun}`;
  if (BigInt(min) === 1n) return `a positive ${noun}`;
  return `${article(noun)} >= ${min}`;
}

function inRange<N extends number | bigint>(value: N, min: N | undefined, max: N | undefined): boolean {
  return (min === undefined || value >= min) && (max === undefined || value <= max);
}

const DECIMAL = /^-?\d+(_\d+)*$/;

/** Parses one raw string (from the environment or the command line) as the field's type. */
export function parseConfigValue(field: ConfigField, raw: string): ParsedValue {
  const text = raw.trim();
  switch (field.type) {
    case "string": {
      if (text === "") return fail(field, "a non-empty string", raw);
      if (field.choices !== undefined && !field.choices.includes(text)) {
        return fail(field, `one of ${field.choices.join(", ")}`, raw);
      }
      return { ok: true, value: text };
    }
    case "url": {
      const protocols = field.protocols;
      const expected =
        protocols === undefined
          ? "a URL"
          : `a URL starting with ${protocols.map((p) => `${p}//`).join(" or ")}`;
      let url: URL;
      try {
        url = new URL(text);
      } catch {
        return fail(field, expected, raw);
      }
      if (protocols !== undefined && !protocols.includes(url.protocol)) return fail(field, expected, raw);
      return { ok: true, value: text };
    }
    case "int": {
      const expected = rangeText("integer", field.min, field.max);
      if (!DECIMAL.test(text)) return fail(field, expected, raw);
      const value = Number(text.replaceAll("_", ""));
      if (!Number.isSafeInteger(value) || !inRange(value, field.min, field.max))
        return fail(field, expected, raw);
      return { ok: true, value };
    }
    case "bigint": {
      const expected = rangeText("integer", field.min, field.max);
      if (!DECIMAL.test(text) && !/^0x[0-9a-fA-F]+$/.test(text)) return fail(field, expected, raw);
      const value = BigInt(text.replaceAll("_", ""));
      if (!inRange(value, field.min, field.max)) return fail(field, expected, raw);
      return { ok: true, value };
    }
    case "duration": {
      const expected = `${rangeText("duration", field.min, field.max)} in ms, or with a unit (250ms, 2s, 5m, 1h)`;
      const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|)$/.exec(text);
      if (match === null) return fail(field, expected, raw);
      const value = Math.round(Number(match[1]) * DURATION_UNITS[match[2]!]!);
      if (!Number.isSafeInteger(value) || !inRange(value, field.min, field.max))
        return fail(field, expected, raw);
      return { ok: true, value };
    }
    case "address": {
      if (!isAddress(text, { strict: false })) return fail(field, "an address (0x and 40 hex digits)", raw);
      if (!isAddress(text, { strict: true })) {
        return { ok: false, problem: `the address has a wrong checksum (mixed case), ${got(field, raw)}` };
      }
      return { ok: true, value: getAddress(text) };
    }
    case "privateKey": {
      const hex = text.startsWith("0x") ? text : `0x${text}`;
      if (!/^0x[0-9a-fA-F]{64}$/.test(hex)) return fail(field, "a private key (0x and 64 hex digits)", raw);
      const k = BigInt(hex);
      if (k === 0n || k >= SECP256K1_N) return fail(field, "a private key in the secp256k1 range", raw);
      return { ok: true, value: hex.toLowerCase() };
    }
    case "boolean": {
      const lower = text.toLowerCase();
      if (["true", "1", "yes", "on"].includes(lower)) return { ok: true, value: true };
      if (["false", "0", "no", "off"].includes(lower)) return { ok: true, value: false };
      return fail(field, "true or false", raw);
    }
  }
}
