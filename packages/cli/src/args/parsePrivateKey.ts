import type { Hex } from "viem";
import { UsageError } from "../errors.ts";

/** A private key: 32 bytes as hex, with or without 0x. The message never repeats the key. */
export function parsePrivateKey(text: string, source: string): Hex {
  const hex = text.startsWith("0x") ? text.slice(2) : text;
  if (!/^[0-9a-fA-F]{64}$/.test(hex) || /^0+$/.test(hex)) {
    throw new UsageError(`${source}: expected a private key (64 hex digits, optionally 0x-prefixed)`);
  }
  return `0x${hex.toLowerCase()}`;
}
