import { InvalidAmountError } from "../errors.ts";

/** Throws InvalidAmountError unless `amount` is a positive bigint (the Bridge and the L2 refuse 0). */
export function assertPositiveAmount(amount: bigint, what = "amount"): void {
  if (typeof amount !== "bigint" || amount <= 0n) {
    throw new InvalidAmountError(`${what} must be a positive bigint (wei or token units)`, {
      details: { [what]: typeof amount === "bigint" ? amount : String(amount) },
    });
  }
}
