import type { Address } from "../bytes.ts";
import type { ChainConfig } from "../config.ts";
import { MAX_ETH_BALANCE, MAX_UINT256, MIN_BASE_FEE } from "../constants.ts";
import type { L2State } from "../state/l2State.ts";
import type { QueueEntry } from "../state/queueEntry.ts";
import { l2TokenAddress } from "../tokenAddress.ts";
import { applyTransaction, type TxOutcome } from "./applyTransaction.ts";
import { depositFinalizedLog, type Log, transferLog, ZERO_ADDRESS } from "./logs.ts";
import { recoverTxSender } from "./recoverTxSender.ts";

export type QueueOutcome =
  | { readonly kind: "deposit"; readonly applied: boolean; readonly logs: readonly Log[] }
  | { readonly kind: "forced-transaction"; readonly outcome: TxOutcome };

/**
 * Applies the next L1 queue entry (docs/protocol.md §3.6). Every entry, whatever its outcome,
 * advances queueApplied. `sender` may carry a forced transaction's signer recovered in advance.
 */
export function applyQueueEntry(
  state: L2State,
  entry: QueueEntry,
  config: ChainConfig,
  sender?: Address | null,
): QueueOutcome {
  const result = applyEntry(state, entry, config, sender);
  state.queueApplied += 1n;
  return result;
}

function applyEntry(
  state: L2State,
  entry: QueueEntry,
  config: ChainConfig,
  sender?: Address | null,
): QueueOutcome {
  switch (entry.kind) {
    case "eth-deposit": {
      const account = state.readAccount(entry.to);
      if ((account?.balance ?? 0n) + entry.amount > MAX_ETH_BALANCE)
        return { kind: "deposit", applied: false, logs: [] };
      state.creditEthAfterRead(entry.to, account, entry.amount);
      return {
        kind: "deposit",
        applied: true,
        logs: [depositFinalizedLog(entry.queueIndex, entry.from, entry.to, ZERO_ADDRESS, entry.amount)],
      };
    }
    case "erc20-deposit": {
      const token = l2TokenAddress(entry.l1Token);
      const l1Key = state.tokenL1Key(token);
      const registered = state.readWord(l1Key);
      if (registered === undefined) {
        state.writeWord(l1Key, BigInt(entry.l1Token));
        state.ensureAccount(token);
      } else if (registered !== BigInt(entry.l1Token)) return { kind: "deposit", applied: false, logs: [] };
      const supplyKey = state.tokenSupplyKey(token);
      const supply = state.readWord(supplyKey) ?? 0n;
      if (supply + entry.amount > MAX_UINT256) return { kind: "deposit", applied: false, logs: [] };
      state.writeWord(supplyKey, supply + entry.amount);
      const balanceKey = state.tokenBalanceKey(token, entry.to);
      const balance = state.readWord(balanceKey) ?? 0n;
      state.writeWord(balanceKey, balance + entry.amount);
      state.ensureAccount(entry.to);
      return {
        kind: "deposit",
        applied: true,
        logs: [
          transferLog(token, ZERO_ADDRESS, entry.to, entry.amount),
          depositFinalizedLog(entry.queueIndex, entry.from, entry.to, entry.l1Token, entry.amount),
        ],
      };
    }
    case "forced-transaction": {
      const signer = sender === undefined ? recoverTxSender(entry.tx) : sender;
      return {
        kind: "forced-transaction",
        outcome: applyTransaction(state, entry.tx, signer, MIN_BASE_FEE, config),
      };
    }
  }
}
