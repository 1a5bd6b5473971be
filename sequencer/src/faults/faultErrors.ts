import { BaseError } from "@halcyon/protocol";

/** A fault that cannot be armed or applied (bad parameters, or the fault mode is off). */
export class FaultError extends BaseError {
  override name = "FaultError";
}
