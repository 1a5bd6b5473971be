import { TreeInputError } from "./errors.ts";

/** Whether the value is a 32-byte string (a key, a value or a hash of the state tree). */
export function isWord(x: unknown): x is Uint8Array {
  return x instanceof Uint8Array && x.length === 32;
}

/** Throws TreeInputError unless the value is a 32-byte string; `what` names it in the message. */
export function assertWord(x: unknown, what: string): asserts x is Uint8Array {
  if (!isWord(x)) {
    throw new TreeInputError(`${what} must be 32 bytes`, {
      details: { length: x instanceof Uint8Array ? x.length : undefined },
    });
  }
}
