import { type Address, getAddress, isAddress } from "viem";
import { UsageError } from "../errors.ts";

/**
 * An address typed on the command line: 0x and 40 hex digits, all lower or upper case, or mixed case with
 * a valid EIP-55 checksum (a wrong checksum is a typo). Throws UsageError naming `flag`.
 */
export function parseAddress(text: string, flag: string): Address {
  if (!/^0x[0-9a-fA-F]{40}$/.test(text)) {
    throw new UsageError(`${flag}: expected an address (0x followed by 40 hex digits), got "${text}"`);
  }
  if (!isAddress(text, { strict: true })) {
    throw new UsageError(
      `${flag}: "${text}" has a wrong EIP-55 checksum (a typo?); retype it or use lower case`,
    );
  }
  return getAddress(text);
}
