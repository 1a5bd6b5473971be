import { ChainMismatchError } from "../errors.ts";

/** Throws ChainMismatchError unless the connected chain is the expected one. */
export function assertChainId(actual: number | bigint, expected: number | bigint, what: string): void {
  if (BigInt(actual) !== BigInt(expected)) {
    throw new ChainMismatchError(`the client is on chain ${actual}, not on ${what} (chain ${expected})`, {
      details: { actual: BigInt(actual), expected: BigInt(expected) },
    });
  }
}
