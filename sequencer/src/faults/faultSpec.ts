import type { Address } from "@halcyon/protocol";
import { FaultError } from "./faultErrors.ts";

// The faults the test-only fault mode can arm, one at a time (docs: sequencer/README.md, "Fault mode").
// Each but `censor` rewrites one batch: the next one cut that it can apply to.

export type CapsPosition = "first" | "middle" | "last";

export type FaultSpec =
  /** The post-state credits `account` with `amount` wei at the batch's last step. */
  | { readonly kind: "wrong-balance"; readonly account: Address; readonly amount: bigint }
  /** The data carries a transfer of `victim`'s ETH to `recipient` signed by nobody's key, applied anyway. */
  | {
      readonly kind: "forged-signature";
      readonly victim: Address;
      readonly recipient: Address;
      readonly value: bigint;
    }
  /** The data carries the batch's last transaction again, applied again despite its nonce. */
  | { readonly kind: "nonce-replay" }
  /** The fee vault gets `delta` wei more than the first included transaction's fee. */
  | { readonly kind: "wrong-fee"; readonly delta: bigint }
  /** The first withdrawal's leaf names `recipient` and `amountDelta` more wei. */
  | { readonly kind: "wrong-withdrawal"; readonly recipient: Address; readonly amountDelta: bigint }
  /** The first ETH deposit is credited to `to` instead of its recipient. */
  | { readonly kind: "deposit-wrong-account"; readonly to: Address }
  /** The batch leaves its queue entries unapplied and is sent once the first is overdue: the Rollup refuses it. */
  | { readonly kind: "skip-queue" }
  /**
   * A batch of at least `minBytes` of data is padded to MAX_BATCH_BYTES (a malformed tail) and declares
   * MAX_BATCH_STEPS; `account` is credited `amount` at its first step, the middle of its data's steps, or
   * its last step.
   */
  | {
      readonly kind: "lie-at-caps";
      readonly position: CapsPosition;
      readonly account: Address;
      readonly amount: bigint;
      readonly minBytes: number;
    }
  /** Honest: a malformed tail after the last block (docs/protocol.md §6.4), roots as the protocol says. */
  | { readonly kind: "malformed-data" }
  /** Not a batch: transactions from `address` are refused at the door from now on. */
  | { readonly kind: "censor"; readonly address: Address };

export type FaultKind = FaultSpec["kind"];

export const FAULT_KINDS: readonly FaultKind[] = [
  "wrong-balance",
  "forged-signature",
  "nonce-replay",
  "wrong-fee",
  "wrong-withdrawal",
  "deposit-wrong-account",
  "skip-queue",
  "lie-at-caps",
  "malformed-data",
  "censor",
];

const DEFAULT_ACCOUNT: Address = "0x000000000000000000000000000000000000bad1";
const DEFAULT_AMOUNT = 10n ** 15n;

function address(raw: Record<string, unknown>, name: string, fallback?: Address): Address {
  const value = raw[name] ?? fallback;
  if (typeof value !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(value)) {
    throw new FaultError(`fault parameter '${name}' must be a 20-byte hex address`, {
      details: { value: String(value) },
    });
  }
  return value.toLowerCase() as Address;
}

function amount(raw: Record<string, unknown>, name: string, fallback: bigint): bigint {
  const value = raw[name];
  if (value === undefined) return fallback;
  if (
    (typeof value !== "string" && typeof value !== "number") ||
    !/^(0x[0-9a-fA-F]+|[0-9]+)$/.test(String(value))
  ) {
    throw new FaultError(`fault parameter '${name}' must be a non-negative integer (decimal or hex)`, {
      details: { value: String(value) },
    });
  }
  const parsed = BigInt(value);
  if (parsed <= 0n) throw new FaultError(`fault parameter '${name}' must be positive`);
  return parsed;
}

/** Reads a fault from JSON-RPC parameters: `{ kind, ...parameters }`. */
export function parseFaultSpec(value: unknown): FaultSpec {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new FaultError("a fault is an object { kind, ...parameters }");
  }
  const raw = value as Record<string, unknown>;
  switch (raw.kind) {
    case "wrong-balance":
      return {
        kind: raw.kind,
        account: address(raw, "account", DEFAULT_ACCOUNT),
        amount: amount(raw, "amount", DEFAULT_AMOUNT),
      };
    case "forged-signature":
      return {
        kind: raw.kind,
        victim: address(raw, "victim"),
        recipient: address(raw, "recipient", DEFAULT_ACCOUNT),
        value: amount(raw, "value", DEFAULT_AMOUNT),
      };
    case "nonce-replay":
    case "skip-queue":
    case "malformed-data":
      return { kind: raw.kind };
    case "wrong-fee":
      return { kind: raw.kind, delta: amount(raw, "delta", 1_000n) };
    case "wrong-withdrawal":
      return {
        kind: raw.kind,
        recipient: address(raw, "recipient", DEFAULT_ACCOUNT),
        amountDelta: amount(raw, "amountDelta", DEFAULT_AMOUNT),
      };
    case "deposit-wrong-account":
      return { kind: raw.kind, to: address(raw, "to", DEFAULT_ACCOUNT) };
    case "lie-at-caps": {
      const position = raw.position;
      if (position !== "first" && position !== "middle" && position !== "last") {
        throw new FaultError("fault parameter 'position' must be 'first', 'middle' or 'last'");
      }
      const minBytes = raw.minBytes ?? 0;
      if (typeof minBytes !== "number" || !Number.isSafeInteger(minBytes) || minBytes < 0) {
        throw new FaultError("fault parameter 'minBytes' must be a non-negative integer");
      }
      return {
        kind: raw.kind,
        position,
        account: address(raw, "account", DEFAULT_ACCOUNT),
        amount: amount(raw, "amount", DEFAULT_AMOUNT),
        minBytes,
      };
    }
    case "censor":
      return { kind: raw.kind, address: address(raw, "address") };
    default:
      throw new FaultError(`unknown fault kind; one of ${FAULT_KINDS.join(", ")}`, {
        details: { kind: String(raw.kind) },
      });
  }
}
