import type { ErrorDetails } from "@halcyon/protocol";
import { WaitTimeoutError } from "../errors.ts";

/** How every wait in the SDK polls: its interval, an overall timeout and an abort signal. */
export type PollOptions = {
  /** Milliseconds between reads. */
  readonly pollingInterval?: number;
  /** Milliseconds before WaitTimeoutError (default: wait forever). */
  readonly timeout?: number;
  readonly signal?: AbortSignal;
};

/**
 * Calls `read` until `done(value)` holds and returns that value; after each read calls `progress`, which
 * may throw to stop the wait. A timeout throws WaitTimeoutError with `timedOut(lastValue)`'s message and
 * details; an aborted signal throws its reason.
 */
export async function poll<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  options: PollOptions & {
    readonly defaultInterval: number;
    readonly progress?: (value: T) => void;
    readonly timedOut: (value: T) => { message: string; details: ErrorDetails };
  },
): Promise<T> {
  const interval = options.pollingInterval ?? options.defaultInterval;
  const deadline = options.timeout === undefined ? undefined : Date.now() + options.timeout;
  for (;;) {
    options.signal?.throwIfAborted();
    const value = await read();
    options.progress?.(value);
    if (done(value)) return value;
    options.signal?.throwIfAborted();
    const left = deadline === undefined ? interval : deadline - Date.now();
    if (left <= 0) {
      const { message, details } = options.timedOut(value);
      throw new WaitTimeoutError(message, { details: { ...details, timeout: options.timeout } });
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(interval, left)));
  }
}
