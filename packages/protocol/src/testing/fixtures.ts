import type { Address } from "../bytes.ts";
import { type ChainConfig, createChainConfig } from "../config.ts";
import { DEVNET_L2_CHAIN_ID, MIN_BASE_FEE } from "../constants.ts";
import { L2State } from "../state/l2State.ts";
import type { QueueEntry } from "../state/queueEntry.ts";
import { applyQueueEntry } from "../stf/applyQueueEntry.ts";
import { addressOfPrivateKey, signTransactionForTest, testPrivateKey } from "../tx/testing.ts";
import type { SignedTransaction, TransactionFields } from "../tx/transaction.ts";

// Test fixtures shared by the protocol's tests and by the services' tests: deterministic keys, a
// chain config and helpers to fund accounts through the same queue entries the Bridge makes.

export const TEST_FEE_VAULT: Address = "0x000000000000000000000000000000000000fee0";
export const TEST_CONFIG: ChainConfig = createChainConfig({
  chainId: DEVNET_L2_CHAIN_ID,
  feeVault: TEST_FEE_VAULT,
});
export const ONE_ETH = 10n ** 18n;
export const GWEI = 10n ** 9n;

export type TestWallet = { readonly privateKey: Uint8Array; readonly address: Address };

const walletCache = new Map<number, TestWallet>();

/** Wallet number `i` (deterministic). */
export function testWallet(i: number): TestWallet {
  let wallet = walletCache.get(i);
  if (wallet === undefined) {
    const privateKey = testPrivateKey(i);
    wallet = { privateKey, address: addressOfPrivateKey(privateKey) };
    walletCache.set(i, wallet);
  }
  return wallet;
}

/** EIP-1559 fields with sensible defaults for a transfer on the test chain. */
export function transferFields(overrides: Partial<TransactionFields> & { to: Address }): TransactionFields {
  return {
    type: 2,
    chainId: TEST_CONFIG.chainId,
    nonce: 0n,
    maxPriorityFeePerGas: MIN_BASE_FEE,
    maxFeePerGas: 4n * MIN_BASE_FEE,
    gasLimit: 21_000n,
    value: 0n,
    data: new Uint8Array(0),
    ...overrides,
  };
}

export function signWith(wallet: TestWallet, fields: TransactionFields): SignedTransaction {
  return signTransactionForTest(fields, wallet.privateKey).tx;
}

/** Funds accounts through ETH-deposit queue entries, as the Bridge would. */
export function fundedState(
  balances: ReadonlyArray<readonly [Address, bigint]>,
  config = TEST_CONFIG,
): L2State {
  const state = new L2State();
  for (const [to, amount] of balances)
    applyQueueEntry(state, ethDeposit(state.queueApplied, to, amount), config);
  return state;
}

export function ethDeposit(queueIndex: bigint, to: Address, amount: bigint): QueueEntry {
  return {
    kind: "eth-deposit",
    queueIndex,
    from: "0x00000000000000000000000000000000000000d1",
    to,
    amount,
    l1Timestamp: 1_700_000_000n + queueIndex,
  };
}

export function erc20Deposit(queueIndex: bigint, to: Address, l1Token: Address, amount: bigint): QueueEntry {
  return {
    kind: "erc20-deposit",
    queueIndex,
    from: "0x00000000000000000000000000000000000000d1",
    to,
    l1Token,
    amount,
    l1Timestamp: 1_700_000_000n + queueIndex,
  };
}
