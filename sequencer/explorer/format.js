// Formatting of the API's values for people: hex quantities, wei, hashes, times.

const integer = new Intl.NumberFormat("en-US");

/**
 * @param {string | null | undefined} hex a QUANTITY
 * @returns {bigint}
 */
export function big(hex) {
  return hex === null || hex === undefined ? 0n : BigInt(hex);
}

/**
 * @param {string | number | bigint} value a QUANTITY, a number or a bigint
 * @returns {string} with thousands separators
 */
export function num(value) {
  const n = typeof value === "string" ? BigInt(value) : value;
  return integer.format(n);
}

/**
 * An amount of 18-decimal units (wei, or a token's base units) as a decimal string.
 * @param {bigint} amount
 * @param {number} [maxDecimals]
 */
export function units(amount, maxDecimals = 6) {
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  const whole = abs / 10n ** 18n;
  const frac = (abs % 10n ** 18n).toString().padStart(18, "0").slice(0, maxDecimals).replace(/0+$/, "");
  const tiny = frac === "" && abs % 10n ** 18n !== 0n && whole === 0n;
  const text = tiny
    ? `<0.${"0".repeat(maxDecimals - 1)}1`
    : `${integer.format(whole)}${frac ? `.${frac}` : ""}`;
  return negative ? `-${text}` : text;
}

/**
 * @param {bigint} wei
 * @param {number} [maxDecimals] 18 for fees, which are often below a millionth of an ETH
 */
export function eth(wei, maxDecimals = 6) {
  return `${units(wei, maxDecimals)} ETH`;
}

/** @param {bigint} wei */
export function gwei(wei) {
  const g = Number(wei) / 1e9;
  const digits = g >= 1 ? { maximumFractionDigits: 3 } : { maximumSignificantDigits: 3 };
  return `${g.toLocaleString("en-US", digits)} gwei`;
}

/**
 * 0x1234…cdef
 * @param {string} hash
 * @param {number} [keep]
 */
export function short(hash, keep = 6) {
  return hash.length <= 2 + keep * 2 ? hash : `${hash.slice(0, 2 + keep)}…${hash.slice(-keep + 2)}`;
}

/** @param {number} seconds */
export function duration(seconds) {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
  if (s < 86400)
    return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")} min`;
  return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
}

/** @param {number} unixSeconds */
export function ago(unixSeconds) {
  const delta = Date.now() / 1000 - unixSeconds;
  if (delta < 2) return "just now";
  return `${duration(delta)} ago`;
}

/** @param {number} unixSeconds */
export function dateTime(unixSeconds) {
  return new Date(unixSeconds * 1000).toLocaleString("en-GB", {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
}

/**
 * "1 block", "2 blocks"
 * @param {bigint | number} n
 * @param {string} noun
 */
export function plural(n, noun) {
  return `${num(n)} ${noun}${BigInt(n) === 1n ? "" : "s"}`;
}

export const HASH = /^0x[0-9a-fA-F]{64}$/;
export const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
