import { type Address, getAddress, type Hex, isAddress, isHex } from "viem";
import { InvalidRpcResponseError } from "../errors.ts";

// Readers for the fields of rollup_* answers: each checks one field's shape and names it when it is
// wrong, so a sequencer that answers something else fails with InvalidRpcResponseError, not later.

export type JsonObject = Record<string, unknown>;

export function rpcFail(method: string, message: string): never {
  throw new InvalidRpcResponseError(`${method}: ${message}`);
}

export function rpcObject(method: string, value: unknown, where: string): JsonObject {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    rpcFail(method, `${where} is not an object`);
  }
  return value as JsonObject;
}

export function rpcQuantity(method: string, obj: JsonObject, key: string): bigint {
  const value = obj[key];
  if (typeof value !== "string" || !/^0x(0|[1-9a-fA-F][0-9a-fA-F]*)$/.test(value)) {
    rpcFail(method, `${key} is not a quantity`);
  }
  return BigInt(value);
}

export function rpcQuantityOrNull(method: string, obj: JsonObject, key: string): bigint | null {
  return obj[key] === null ? null : rpcQuantity(method, obj, key);
}

export function rpcHash(method: string, obj: JsonObject, key: string): Hex {
  const value = obj[key];
  if (typeof value !== "string" || !isHex(value) || value.length !== 66) {
    rpcFail(method, `${key} is not a 32-byte hash`);
  }
  return value.toLowerCase() as Hex;
}

export function rpcHashOrNull(method: string, obj: JsonObject, key: string): Hex | null {
  return obj[key] === null ? null : rpcHash(method, obj, key);
}

export function rpcAddress(method: string, obj: JsonObject, key: string): Address {
  const value = obj[key];
  if (typeof value !== "string" || !isAddress(value, { strict: false })) {
    rpcFail(method, `${key} is not an address`);
  }
  return getAddress(value);
}

export function rpcOneOf<const T extends string>(
  method: string,
  obj: JsonObject,
  key: string,
  choices: readonly T[],
): T {
  const value = obj[key];
  if (typeof value !== "string" || !(choices as readonly string[]).includes(value)) {
    rpcFail(method, `${key} is not one of ${choices.join(", ")}`);
  }
  return value as T;
}

/** Calls a Halcyon JSON-RPC method through a viem client's transport (no typed schema needed). */
export function rollupRequest(
  client: { request: unknown },
  method: string,
  params: readonly unknown[],
): Promise<unknown> {
  const request = client.request as (args: {
    method: string;
    params: readonly unknown[];
  }) => Promise<unknown>;
  return request({ method, params });
}
