import { type Address, type Hex, hexToBytes } from "@halcyon/protocol";
import { invalidParams } from "./errors.ts";

// Parsers for JSON-RPC parameters (the Ethereum execution API's encodings). Each throws an RpcError
// -32602 (invalid params) that names the parameter and what was expected.

/** The positional parameters, checked for count. */
export function paramList(params: unknown, min: number, max: number = min): unknown[] {
  const list = params === undefined || params === null ? [] : params;
  if (!Array.isArray(list)) throw invalidParams("params must be an array");
  if (list.length < min || list.length > max) {
    throw invalidParams(
      min === max
        ? `expected ${min} parameter${min === 1 ? "" : "s"}, got ${list.length}`
        : `expected ${min} to ${max} parameters, got ${list.length}`,
    );
  }
  return list;
}

// The API's QUANTITY has no leading zeros ("0x0", "0x1f"); leading zeros are tolerated on input.
const QUANTITY = /^0x[0-9a-fA-F]+$/;

/** A QUANTITY: a hex integer of at most 256 bits. */
export function parseQuantity(value: unknown, name: string): bigint {
  if (typeof value !== "string" || !QUANTITY.test(value)) {
    throw invalidParams(`${name}: expected a hex quantity such as "0x1f"`);
  }
  if (value.length > 66) throw invalidParams(`${name}: quantity larger than 256 bits`);
  return BigInt(value);
}

/** A QUANTITY or a JSON number (some clients send plain numbers, e.g. EIP-7966's timeout). */
export function parseQuantityOrNumber(value: unknown, name: string): bigint {
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value) || value < 0)
      throw invalidParams(`${name}: expected a non-negative integer`);
    return BigInt(value);
  }
  return parseQuantity(value, name);
}

/** A 20-byte address, any case; returned lower-case. */
export function parseAddress(value: unknown, name: string): Address {
  if (typeof value !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(value)) {
    throw invalidParams(`${name}: expected a 20-byte hex address`);
  }
  return value.toLowerCase() as Address;
}

/** A 32-byte hash; returned lower-case. */
export function parseHash(value: unknown, name: string): Hex {
  if (typeof value !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(value)) {
    throw invalidParams(`${name}: expected a 32-byte hex hash`);
  }
  return value.toLowerCase() as Hex;
}

/** DATA: 0x-prefixed hex of whole bytes. */
export function parseData(value: unknown, name: string): Uint8Array {
  if (typeof value !== "string" || value.length % 2 !== 0 || !/^0x[0-9a-fA-F]*$/.test(value)) {
    throw invalidParams(`${name}: expected 0x-prefixed hex bytes`);
  }
  return hexToBytes(value);
}

export function parseBoolean(value: unknown, name: string): boolean {
  if (typeof value !== "boolean") throw invalidParams(`${name}: expected true or false`);
  return value;
}

export type BlockTag = "latest" | "pending" | "earliest" | "safe" | "finalized";
const TAGS: readonly BlockTag[] = ["latest", "pending", "earliest", "safe", "finalized"];

/** A block: a tag, a number, or (EIP-1898) { blockNumber } / { blockHash }. */
export type BlockRef =
  | { readonly kind: "tag"; readonly tag: BlockTag }
  | { readonly kind: "number"; readonly number: bigint }
  | { readonly kind: "hash"; readonly hash: Hex };

export function parseBlockRef(value: unknown, name: string, options: { allowHash?: boolean } = {}): BlockRef {
  if (value === undefined || value === null) return { kind: "tag", tag: "latest" };
  if (typeof value === "string") {
    if ((TAGS as readonly string[]).includes(value)) return { kind: "tag", tag: value as BlockTag };
    return { kind: "number", number: parseQuantity(value, name) };
  }
  if (options.allowHash === true && typeof value === "object") {
    const o = value as { blockHash?: unknown; blockNumber?: unknown };
    if (o.blockHash !== undefined) return { kind: "hash", hash: parseHash(o.blockHash, `${name}.blockHash`) };
    if (o.blockNumber !== undefined) return parseBlockRef(o.blockNumber, `${name}.blockNumber`);
  }
  throw invalidParams(`${name}: expected a block number or one of ${TAGS.join(", ")}`);
}

/** An object parameter (a call request, a filter). */
export function parseObject(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalidParams(`${name}: expected an object`);
  }
  return value as Record<string, unknown>;
}
