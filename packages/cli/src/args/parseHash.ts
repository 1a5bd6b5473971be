import type { Hex } from "viem";
import { UsageError } from "../errors.ts";

/** A transaction hash: 0x and 64 hex digits. Throws UsageError naming `what`. */
export function parseHash(text: string, what: string): Hex {
  if (!/^0x[0-9a-fA-F]{64}$/.test(text)) {
    throw new UsageError(
      `${what}: expected a transaction hash (0x followed by 64 hex digits), got "${text}"`,
    );
  }
  return text.toLowerCase() as Hex;
}
