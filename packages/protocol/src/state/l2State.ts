import { type Address, bigintToBytes, bytesToBigint, bytesToHex } from "../bytes.ts";
import { MAX_ETH_BALANCE } from "../constants.ts";
import { BaseError } from "../errors.ts";
import { createStateTree, type StateTree } from "../tree/stateTree.ts";
import { type Account, decodeAccount, encodeAccount } from "./account.ts";
import { type StateHeader, stateRootOf } from "./stateHeader.ts";
import { accountKey, indexKey, tokenBalanceKey, tokenL1Key, tokenSupplyKey } from "./stateKeys.ts";
import { type WithdrawalLeaf, WithdrawalTree, withdrawalLeafHash } from "./withdrawalTree.ts";

export class StateInvariantError extends BaseError {
  override name = "StateInvariantError";
}

/**
 * Sees every tree read and withdrawal append, in order, before it happens. The one-step witness
 * generator is one: it takes a proof at each read (docs/protocol.md §3.3).
 */
export interface StateAccessObserver {
  onRead(key: Uint8Array): void;
  onWithdrawalAppend(frontier: Uint8Array[]): void;
}

const EMPTY_ACCOUNT: Account = { balance: 0n, nonce: 0n, index: 0n };

/**
 * The L2 state: the state tree, the withdrawals tree and the header counters, with the account and
 * token operations of the state transition. Every write here follows a read of the same key with no
 * other tree access between them, so that a one-step proof needs one tree proof per read.
 */
export class L2State {
  readonly tree: StateTree;
  readonly withdrawals: WithdrawalTree;
  queueApplied: bigint;
  accountCount: bigint;
  observer: StateAccessObserver | undefined;

  constructor(
    init: {
      tree?: StateTree;
      withdrawals?: WithdrawalTree;
      queueApplied?: bigint;
      accountCount?: bigint;
    } = {},
  ) {
    this.tree = init.tree ?? createStateTree();
    this.withdrawals = init.withdrawals ?? new WithdrawalTree();
    this.queueApplied = init.queueApplied ?? 0n;
    this.accountCount = init.accountCount ?? 0n;
  }

  header(): StateHeader {
    return {
      treeRoot: this.tree.root(),
      withdrawalsRoot: this.withdrawals.root,
      withdrawalCount: this.withdrawals.count,
      queueApplied: this.queueApplied,
      accountCount: this.accountCount,
    };
  }

  stateRoot(): Uint8Array {
    return stateRootOf(this.header());
  }

  read(key: Uint8Array): Uint8Array | undefined {
    this.observer?.onRead(key);
    return this.tree.get(key);
  }

  readAccount(address: Address): Account | undefined {
    const value = this.read(accountKey(address));
    return value === undefined ? undefined : decodeAccount(value);
  }

  /** Writes an account; must directly follow readAccount of the same address. */
  writeAccount(address: Address, account: Account): void {
    if (account.balance < 0n || account.balance > MAX_ETH_BALANCE) {
      throw new StateInvariantError("ETH balance out of range", {
        details: { address, balance: account.balance },
      });
    }
    this.tree.set(accountKey(address), encodeAccount(account));
  }

  /** The address of account `index` (a read of the index leaf), or undefined if none has it. */
  addressOfIndex(index: bigint): Address | undefined {
    const value = this.read(indexKey(index));
    return value === undefined ? undefined : (bytesToHex(value.subarray(12)) as Address);
  }

  /**
   * creditEth (docs/protocol.md §3.3): credits `amount`, creating the account (with the next index)
   * if absent. Returns the account as written.
   */
  creditEth(address: Address, amount: bigint): Account {
    return this.creditEthAfterRead(address, this.readAccount(address), amount);
  }

  /** The write half of creditEth, for a caller that has just read the account itself. */
  creditEthAfterRead(address: Address, existing: Account | undefined, amount: bigint): Account {
    const created = existing === undefined;
    const index = created ? this.accountCount + 1n : existing.index;
    const base = existing ?? EMPTY_ACCOUNT;
    const account = { balance: base.balance + amount, nonce: base.nonce, index };
    if (created) this.accountCount = index;
    this.writeAccount(address, account);
    if (created) {
      const key = indexKey(index);
      this.observer?.onRead(key);
      if (this.tree.get(key) !== undefined) {
        throw new StateInvariantError("index leaf already present", { details: { index } });
      }
      this.tree.set(key, bigintToBytes(BigInt(address), 32));
    }
    return account;
  }

  ensureAccount(address: Address): Account {
    return this.creditEth(address, 0n);
  }

  readWord(key: Uint8Array): bigint | undefined {
    const value = this.read(key);
    return value === undefined ? undefined : bytesToBigint(value);
  }

  /** Writes a uint256 leaf; must directly follow a read of the same key. */
  writeWord(key: Uint8Array, value: bigint): void {
    this.tree.set(key, bigintToBytes(value, 32));
  }

  tokenBalanceKey(token: Address, owner: Address): Uint8Array {
    return tokenBalanceKey(token, owner);
  }

  tokenSupplyKey(token: Address): Uint8Array {
    return tokenSupplyKey(token);
  }

  tokenL1Key(token: Address): Uint8Array {
    return tokenL1Key(token);
  }

  appendWithdrawal(leaf: Omit<WithdrawalLeaf, "index">): WithdrawalLeaf {
    if (this.observer !== undefined) this.observer.onWithdrawalAppend(this.withdrawals.frontier());
    const full = { ...leaf, index: this.withdrawals.count };
    this.withdrawals.append(withdrawalLeafHash(full));
    return full;
  }

  // Reads that are not part of the state transition (RPC queries): they bypass the observer.

  peekAccount(address: Address): Account {
    const value = this.tree.get(accountKey(address));
    return value === undefined ? EMPTY_ACCOUNT : decodeAccount(value);
  }

  peekWord(key: Uint8Array): bigint {
    const value = this.tree.get(key);
    return value === undefined ? 0n : bytesToBigint(value);
  }

  peekAddressOfIndex(index: bigint): Address | undefined {
    const value = this.tree.get(indexKey(index));
    return value === undefined ? undefined : (bytesToHex(value.subarray(12)) as Address);
  }
}
