import { BaseError } from "@halcyon/protocol";
import { BaseError as ViemBaseError } from "viem";

// The verifier's long-running loops grade every error, as op-node's derive/error.go does:
//   temporary: the L1 node or the database hiccuped; retry the same work after a pause.
//   reset:     what the verifier derived no longer matches L1 (a reorg); rewind to a common ancestor.
//   critical:  the verifier cannot go on without a human (its view and L1 disagree in a way no retry
//              fixes, or a defect); stop and say why.

export type ErrorGrade = "temporary" | "reset" | "critical";

export class VerifierError extends BaseError {
  override name = "VerifierError";
}

/** Retry the same work later. */
export class TemporaryError extends VerifierError {
  override name = "TemporaryError";
  readonly grade = "temporary";
}

/** L1 changed under the verifier (a reorg): rewind the derivation to a common ancestor and go on. */
export class ResetError extends VerifierError {
  override name = "ResetError";
  readonly grade = "reset";
}

/** Stop: the verifier cannot safely continue. */
export class CriticalError extends VerifierError {
  override name = "CriticalError";
  readonly grade = "critical";
}

// SQLSTATE classes a retry can cure: connection exceptions, serialization failures and deadlocks,
// insufficient resources, operator intervention (a server restart).
const TEMPORARY_SQLSTATE = /^(08|40|53|57)/;
const TEMPORARY_NODE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
]);

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * The grade of any error: a graded verifier error carries its own; L1 RPC failures (viem errors)
 * and lost database connections are temporary; anything else is a defect, hence critical.
 */
export function gradeOf(error: unknown): ErrorGrade {
  if (error instanceof TemporaryError || error instanceof ResetError || error instanceof CriticalError) {
    return error.grade;
  }
  if (error instanceof ViemBaseError) return "temporary";
  const code = codeOf(error);
  if (code !== undefined && (TEMPORARY_SQLSTATE.test(code) || TEMPORARY_NODE_CODES.has(code))) {
    return "temporary";
  }
  if (
    error instanceof Error &&
    /Connection terminated|connection timeout|Client has encountered a connection error/i.test(error.message)
  ) {
    return "temporary";
  }
  return "critical";
}

/** A one-line description of an error and its causes, for logs. */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    if (current instanceof ViemBaseError) parts.push(current.shortMessage);
    else if (current instanceof Error) parts.push(`${current.name}: ${current.message}`);
    else parts.push(String(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(" <- ");
}
