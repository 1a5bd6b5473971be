import { L2State, type WithdrawalLeaf } from "@halcyon/protocol";

/**
 * The L2 state of a lying executor: the protocol's state with one hook, a rewrite of the next
 * withdrawal leaf appended (the lie of a wrong withdrawal leaf happens inside a step, not after it).
 */
export class FaultyState extends L2State {
  /** Rewrites the leaf of the next appendWithdrawal, once; then it is cleared. */
  rewriteWithdrawal: ((leaf: Omit<WithdrawalLeaf, "index">) => Omit<WithdrawalLeaf, "index">) | undefined;
  /** Whether a withdrawal was rewritten (so a caller can tell at which step it happened). */
  rewritten = false;

  /** A lying view over `state`'s trees and counters (it takes them over: use `state` no more). */
  static over(state: L2State): FaultyState {
    return new FaultyState({
      tree: state.tree,
      withdrawals: state.withdrawals,
      queueApplied: state.queueApplied,
      accountCount: state.accountCount,
    });
  }

  override appendWithdrawal(leaf: Omit<WithdrawalLeaf, "index">): WithdrawalLeaf {
    const rewrite = this.rewriteWithdrawal;
    if (rewrite === undefined) return super.appendWithdrawal(leaf);
    this.rewriteWithdrawal = undefined;
    this.rewritten = true;
    return super.appendWithdrawal(rewrite(leaf));
  }
}
