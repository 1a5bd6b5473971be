import { type Address, bytesToBigint } from "../bytes.ts";
import { parseTransferCalldata } from "../codec/tokenTransfer.ts";
import type { ChainConfig } from "../config.ts";
import { MAX_NONCE, MAX_UINT256, WITHDRAWAL_TREE_DEPTH } from "../constants.ts";
import { type L2State, StateInvariantError } from "../state/l2State.ts";
import type { WithdrawalLeaf } from "../state/withdrawalTree.ts";
import type { TransactionFields, TransactionSignature } from "../tx/transaction.ts";
import { type Log, transferLog, withdrawalInitiatedLog, ZERO_ADDRESS } from "./logs.ts";
import { callKindOf, requiredGas } from "./requiredGas.ts";

/** Why a transaction is invalid (a no-op): docs/protocol.md §3.4. */
export type InvalidReason =
  | "bad-signature"
  | "nonce-mismatch"
  | "nonce-exhausted"
  | "gas-limit-too-low"
  | "tip-above-max-fee"
  | "max-fee-below-base-fee"
  | "insufficient-funds"
  | "unknown-account-index";

/** Why an included transaction failed (status 0): docs/protocol.md §3.5. */
export type FailureReason =
  | "data-to-plain-address"
  | "withdrawal-with-data"
  | "zero-withdrawal"
  | "withdrawals-full"
  | "value-to-token"
  | "unknown-token-call"
  | "transfer-to-zero-address"
  | "insufficient-token-balance"
  | "zero-token-withdrawal"
  | "token-not-registered";

export type IncludedOutcome = {
  readonly status: "succeeded" | "failed";
  readonly failure?: FailureReason;
  readonly sender: Address;
  readonly gasUsed: bigint;
  readonly effectiveGasPrice: bigint;
  readonly logs: readonly Log[];
  readonly withdrawal?: WithdrawalLeaf;
};

export type TxOutcome = { readonly status: "invalid"; readonly reason: InvalidReason } | IncludedOutcome;

export type SignedFields = TransactionFields & TransactionSignature;

const WITHDRAW_SELECTOR = 0x2e1a7d4d;
const MAX_WITHDRAWALS = 1n << BigInt(WITHDRAWAL_TREE_DEPTH);

function selectorOf(data: Uint8Array): number {
  return data.length < 4 ? -1 : ((data[0]! << 24) | (data[1]! << 16) | (data[2]! << 8) | data[3]!) >>> 0;
}

/**
 * Applies one transaction (docs/protocol.md §3.4–§3.5). `sender` is the recovered signer, or null
 * when recovery failed; `priceBase` is the block's base fee, or MIN_BASE_FEE for a forced
 * transaction. An invalid transaction changes nothing.
 */
export function applyTransaction(
  state: L2State,
  tx: SignedFields,
  sender: Address | null,
  priceBase: bigint,
  config: ChainConfig,
): TxOutcome {
  if (sender === null) return { status: "invalid", reason: "bad-signature" };
  const account = state.readAccount(sender);
  const nonce = account?.nonce ?? 0n;
  const balance = account?.balance ?? 0n;
  if (nonce !== tx.nonce) return { status: "invalid", reason: "nonce-mismatch" };
  if (nonce === MAX_NONCE) return { status: "invalid", reason: "nonce-exhausted" };
  const gasUsed = requiredGas(tx.to, tx.data.length);
  if (tx.gasLimit < gasUsed) return { status: "invalid", reason: "gas-limit-too-low" };
  if (tx.maxPriorityFeePerGas > tx.maxFeePerGas) return { status: "invalid", reason: "tip-above-max-fee" };
  if (tx.maxFeePerGas < priceBase) return { status: "invalid", reason: "max-fee-below-base-fee" };
  if (tx.gasLimit * tx.maxFeePerGas + tx.value > balance)
    return { status: "invalid", reason: "insufficient-funds" };
  // A sender that can pay a nonzero fee exists, so `account` is defined from here on.
  const price =
    tx.maxFeePerGas < priceBase + tx.maxPriorityFeePerGas
      ? tx.maxFeePerGas
      : priceBase + tx.maxPriorityFeePerGas;
  const fee = gasUsed * price;

  const kind = callKindOf(tx.to);
  let failure: FailureReason | undefined;
  if (kind === "transfer") {
    if (tx.data.length !== 0) failure = "data-to-plain-address";
  } else if (kind === "withdrawal") {
    if (tx.data.length !== 0) failure = "withdrawal-with-data";
    else if (tx.value === 0n) failure = "zero-withdrawal";
    else if (state.withdrawals.count >= MAX_WITHDRAWALS) failure = "withdrawals-full";
  } else if (tx.value !== 0n) {
    failure = "value-to-token";
  }
  const moved = kind !== "token" && failure === undefined ? tx.value : 0n;
  state.writeAccount(sender, { balance: balance - fee - moved, nonce: nonce + 1n, index: account!.index });
  state.creditEth(config.feeVault, fee);

  const logs: Log[] = [];
  let withdrawal: WithdrawalLeaf | undefined;
  if (failure === undefined) {
    if (kind === "transfer") {
      state.creditEth(tx.to, tx.value);
    } else if (kind === "withdrawal") {
      withdrawal = state.appendWithdrawal({
        l2Sender: sender,
        l1Recipient: sender,
        l1Token: ZERO_ADDRESS,
        amount: tx.value,
      });
      logs.push(withdrawalInitiatedLog(withdrawal.index, sender, sender, ZERO_ADDRESS, tx.value));
    } else {
      const result = applyTokenCall(state, tx.to, sender, tx.data, logs);
      if (typeof result === "string") failure = result;
      else withdrawal = result;
    }
  }
  const outcome: IncludedOutcome = {
    status: failure === undefined ? "succeeded" : "failed",
    sender,
    gasUsed,
    effectiveGasPrice: price,
    logs: failure === undefined ? logs : [],
    ...(failure === undefined ? {} : { failure }),
    ...(withdrawal === undefined || failure !== undefined ? {} : { withdrawal }),
  };
  return outcome;
}

/** A call to a token address: transfer or withdraw. Returns a failure reason, or the withdrawal if any. */
function applyTokenCall(
  state: L2State,
  token: Address,
  sender: Address,
  data: Uint8Array,
  logs: Log[],
): FailureReason | WithdrawalLeaf | undefined {
  const transfer = parseTransferCalldata(data);
  if (transfer !== null) {
    const { recipient, amount } = transfer;
    if (recipient === ZERO_ADDRESS) return "transfer-to-zero-address";
    const fromKey = state.tokenBalanceKey(token, sender);
    const fromBalance = state.readWord(fromKey) ?? 0n;
    if (fromBalance < amount) return "insufficient-token-balance";
    state.writeWord(fromKey, fromBalance - amount);
    const toKey = state.tokenBalanceKey(token, recipient);
    const toBalance = state.readWord(toKey) ?? 0n;
    if (toBalance + amount > MAX_UINT256) {
      throw new StateInvariantError("token balance above supply", { details: { token, recipient } });
    }
    state.writeWord(toKey, toBalance + amount);
    state.ensureAccount(recipient);
    logs.push(transferLog(token, sender, recipient, amount));
    return undefined;
  }
  if (data.length === 36 && selectorOf(data) === WITHDRAW_SELECTOR) {
    const amount = bytesToBigint(data, 4, 36);
    if (amount === 0n) return "zero-token-withdrawal";
    if (state.withdrawals.count >= MAX_WITHDRAWALS) return "withdrawals-full";
    const l1Word = state.readWord(state.tokenL1Key(token));
    if (l1Word === undefined) return "token-not-registered";
    const balanceKey = state.tokenBalanceKey(token, sender);
    const balance = state.readWord(balanceKey) ?? 0n;
    if (balance < amount) return "insufficient-token-balance";
    state.writeWord(balanceKey, balance - amount);
    const supplyKey = state.tokenSupplyKey(token);
    const supply = state.readWord(supplyKey) ?? 0n;
    if (supply < amount)
      throw new StateInvariantError("token supply below a balance", { details: { token } });
    state.writeWord(supplyKey, supply - amount);
    const l1Token = `0x${l1Word.toString(16).padStart(40, "0")}` as Address;
    const withdrawal = state.appendWithdrawal({ l2Sender: sender, l1Recipient: sender, l1Token, amount });
    logs.push(transferLog(token, sender, ZERO_ADDRESS, amount));
    logs.push(withdrawalInitiatedLog(withdrawal.index, sender, sender, l1Token, amount));
    return withdrawal;
  }
  return "unknown-token-call";
}
