/** Details attached to a protocol error: plain data only, so errors can cross worker threads and JSON. */
export type ErrorDetails = Readonly<Record<string, string | number | bigint | boolean | undefined>>;

/**
 * The one error base of the protocol package. Every error has a literal `name`, a short message,
 * optional structured details and an optional cause, so callers can branch on `name` and log details.
 */
export class BaseError extends Error {
  override name = "BaseError";
  readonly details: ErrorDetails;

  constructor(message: string, options: { details?: ErrorDetails; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.details = options.details ?? {};
  }
}
