import { type Hash, isHex } from "viem";
import { InvalidArgumentError } from "../errors.ts";

/** Throws InvalidArgumentError unless `value` is a 32-byte hex string. */
export function assertHash(value: Hash, what: string): void {
  if (!isHex(value, { strict: true }) || value.length !== 66) {
    throw new InvalidArgumentError(`${what} must be a 32-byte hex string`, {
      details: { [what]: String(value) },
    });
  }
}
