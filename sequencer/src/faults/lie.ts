import type { Address } from "@halcyon/protocol";
import { FaultError } from "./faultErrors.ts";

// A lie: what a dishonest executor does differently from the protocol at one step of one batch. The
// batch's claimed roots are the lying execution's, and the defender re-executes with the same lie, so
// every midpoint it reveals belongs to one consistent (wrong) trace, as a real dishonest proposer's would.

export type Lie =
  /** After step `step`, `account` is credited `amount` wei that nothing paid for. */
  | { readonly kind: "credit"; readonly step: number; readonly account: Address; readonly amount: bigint }
  /** Step `step` is a transaction the protocol finds invalid; the liar applies it as if `sender` signed it. */
  | { readonly kind: "apply-as"; readonly step: number; readonly sender: Address }
  /** Step `step` replays a transaction already executed; the liar applies it again despite its nonce. */
  | { readonly kind: "replay"; readonly step: number; readonly sender: Address }
  /** The withdrawal appended at step `step` commits to another recipient and amount. */
  | {
      readonly kind: "withdrawal-leaf";
      readonly step: number;
      readonly l1Recipient: Address;
      readonly amountDelta: bigint;
    }
  /** The ETH deposit applied at step `step` is credited to `to` instead of its recipient. */
  | { readonly kind: "redirect-deposit"; readonly step: number; readonly to: Address };

/** JSON of a lie (amounts as decimal strings), for the store. */
export function lieToJson(lie: Lie): string {
  return JSON.stringify(lie, (_key, value) => (typeof value === "bigint" ? value.toString() : value));
}

export function lieOfJson(json: string): Lie {
  const raw = JSON.parse(json) as Record<string, unknown>;
  const step = raw.step;
  if (typeof step !== "number") throw new FaultError("a stored lie has no step", { details: { json } });
  switch (raw.kind) {
    case "credit":
      return { kind: "credit", step, account: raw.account as Address, amount: BigInt(raw.amount as string) };
    case "apply-as":
      return { kind: "apply-as", step, sender: raw.sender as Address };
    case "replay":
      return { kind: "replay", step, sender: raw.sender as Address };
    case "withdrawal-leaf":
      return {
        kind: "withdrawal-leaf",
        step,
        l1Recipient: raw.l1Recipient as Address,
        amountDelta: BigInt(raw.amountDelta as string),
      };
    case "redirect-deposit":
      return { kind: "redirect-deposit", step, to: raw.to as Address };
    default:
      throw new FaultError("a stored lie has an unknown kind", { details: { json } });
  }
}
