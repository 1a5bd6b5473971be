import { BaseError, type ErrorDetails } from "@halcyon/protocol";

/**
 * How a long-running L1 loop treats an error (as op-node grades derivation errors): `temporary`
 * (retry after a pause: a timeout, a node behind), `reset` (the view of L1 changed: re-read it),
 * `critical` (continuing would be wrong: stop advancing and say why; an operator must look).
 */
export type Severity = "temporary" | "reset" | "critical";

/** An error of the sequencer's L1 side (follower, submitter, defender), with its severity. */
export class L1ServiceError extends BaseError {
  override name = "L1ServiceError";
  readonly severity: Severity;

  constructor(
    severity: Severity,
    message: string,
    options: { details?: ErrorDetails; cause?: unknown } = {},
  ) {
    super(message, options);
    this.severity = severity;
  }
}

/** The severity of any error: an L1ServiceError's own, anything else (network, RPC) temporary. */
export function severityOf(error: unknown): Severity {
  return error instanceof L1ServiceError ? error.severity : "temporary";
}
