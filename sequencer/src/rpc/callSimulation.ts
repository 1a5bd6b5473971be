import {
  type Address,
  accountKey,
  applyTransaction,
  BaseError,
  bytesToHex,
  decodeAccount,
  type FailureReason,
  type Hex,
  type InvalidReason,
  isTokenAddress,
  L2State,
  parseTransferCalldata,
  requiredGas,
  type SignedFields,
  type StateTree,
  type WithdrawalLeaf,
} from "@halcyon/protocol";
import { bytesKey } from "../chain/bytesKey.ts";
import type { StateTag } from "../chain/chainState.ts";
import type { RpcContext } from "./context.ts";

// eth_call and eth_estimateGas of anything that is not a read-only token view: the transaction is
// run through the protocol's own applyTransaction on a scratch copy-on-write view of the state, so
// the answer (succeeds, fails with a reason, or is invalid) is exactly what including it would do.

export class SimulationError extends BaseError {
  override name = "SimulationError";
}

/** A state tree that reads through to `read` and keeps its own writes (never the live tree's). */
export function createOverlayTree(read: (key: Uint8Array) => Uint8Array | undefined): StateTree {
  const writes = new Map<string, Uint8Array>();
  const get = (key: Uint8Array) => writes.get(bytesKey(key)) ?? read(key);
  const unsupported = (): never => {
    throw new SimulationError("a simulation view has no root or proofs");
  };
  return {
    get,
    has: (key) => get(key) !== undefined,
    set: (key, value) => {
      writes.set(bytesKey(key), value.slice());
    },
    delete: unsupported,
    root: unsupported,
    prove: unsupported,
    proveDelete: unsupported,
    commit: unsupported,
  };
}

/** An L2State over an overlay tree whose withdrawals are counted, never appended to the live tree. */
class SimulationState extends L2State {
  #appended = 0n;

  override appendWithdrawal(leaf: Omit<WithdrawalLeaf, "index">): WithdrawalLeaf {
    const full = { ...leaf, index: this.withdrawals.count + this.#appended };
    this.#appended++;
    return full;
  }
}

export type CallRequest = {
  readonly from: Address;
  readonly to: Address;
  readonly value: bigint;
  readonly data: Uint8Array;
  readonly gas: bigint | undefined;
  /** With a fee cap the caller's balance must cover gas × cap + value, as for a real transaction. */
  readonly maxFeePerGas: bigint | undefined;
  readonly maxPriorityFeePerGas: bigint | undefined;
};

export type SimulationResult =
  | { readonly kind: "succeeded"; readonly returnData: Hex; readonly gasUsed: bigint }
  | { readonly kind: "failed"; readonly reason: FailureReason; readonly gasUsed: bigint }
  | { readonly kind: "invalid"; readonly reason: InvalidReason };

const TRUE_WORD: Hex = `0x${"00".repeat(31)}01`;
const MAX_UINT64 = (1n << 64n) - 1n;

/** Runs `request` as a transaction from `request.from` on the state `tag` sees, changing nothing. */
export function simulateTransaction(ctx: RpcContext, request: CallRequest, tag: StateTag): SimulationResult {
  const { chain } = ctx;
  const counters = tag === "latest" ? chain.head.state : chain.state.header();
  const state = new SimulationState({
    tree: createOverlayTree((key) => chain.leaf(key, tag)),
    withdrawals: chain.state.withdrawals,
    queueApplied: counters.queueApplied,
    accountCount: counters.accountCount,
  });
  const accountValue = chain.leaf(accountKey(request.from), tag);
  const nonce = accountValue === undefined ? 0n : decodeAccount(accountValue).nonce;
  const priced = request.maxFeePerGas !== undefined;
  const maxFeePerGas = request.maxFeePerGas ?? 0n;
  const tip = request.maxPriorityFeePerGas ?? maxFeePerGas;
  const gasLimit = request.gas ?? requiredGas(request.to, request.data.length);
  const tx: SignedFields = {
    type: 2,
    chainId: ctx.config.chainId,
    nonce,
    maxPriorityFeePerGas: tip,
    maxFeePerGas,
    gasLimit: gasLimit > MAX_UINT64 ? MAX_UINT64 : gasLimit,
    to: request.to,
    value: request.value,
    data: request.data,
    yParity: 0,
    r: 1n,
    s: 1n,
  };
  const priceBase = priced ? ctx.baseFee.baseFeeFor(chain.head) : 0n;
  const outcome = applyTransaction(state, tx, request.from, priceBase, ctx.config);
  if (outcome.status === "invalid") return { kind: "invalid", reason: outcome.reason };
  if (outcome.status === "failed") {
    return { kind: "failed", reason: outcome.failure ?? "unknown-token-call", gasUsed: outcome.gasUsed };
  }
  const isTransfer =
    isTokenAddress(request.to) && request.value === 0n && parseTransferCalldata(request.data) !== null;
  return {
    kind: "succeeded",
    returnData: isTransfer ? TRUE_WORD : bytesToHex(new Uint8Array(0)),
    gasUsed: outcome.gasUsed,
  };
}

/** What each invalid outcome is called in geth's words (so ethers and viem classify it). */
export function invalidCallMessage(reason: InvalidReason): string {
  switch (reason) {
    case "insufficient-funds":
      return "insufficient funds for gas * price + value";
    case "gas-limit-too-low":
      return "intrinsic gas too low";
    case "tip-above-max-fee":
      return "max priority fee per gas higher than max fee per gas";
    case "max-fee-below-base-fee":
      return "max fee per gas less than block base fee";
    case "nonce-exhausted":
      return "nonce has max value";
    case "nonce-mismatch":
      return "nonce too low";
    case "bad-signature":
      return "invalid sender";
    case "unknown-account-index":
      return "unknown account index";
  }
}
