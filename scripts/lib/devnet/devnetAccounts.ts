import { type Address, bytesToHex, type Hex } from "viem";
import { mnemonicToAccount } from "viem/accounts";

// Hardhat's well-known development accounts (the "test … junk" mnemonic, 10,000 ETH each on every
// Hardhat chain), and what each does on the devnet. Their keys are public: for local use only.

export const HARDHAT_MNEMONIC = "test test test test test test test test test test test junk";

export type DevAccount = { readonly index: number; readonly address: Address; readonly privateKey: Hex };

/** Hardhat development account #index. */
export function hardhatAccount(index: number): DevAccount {
  const account = mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: index });
  const key = account.getHdKey().privateKey;
  if (key === null) throw new RangeError(`no private key for account #${index}`);
  return { index, address: account.address, privateKey: bytesToHex(key) };
}

/** Roles: #0 deploys (and is the CLI's default key), #1 sequences, #18 collects L2 fees, #19 verifies. */
export const DEVNET_ROLES = { deployer: 0, sequencer: 1, feeVault: 18, verifier: 19 } as const;

/** The accounts funded on L1 and L2 for developers: #0 and #2 to #9. */
export const FUNDED_ACCOUNT_INDICES: readonly number[] = [0, 2, 3, 4, 5, 6, 7, 8, 9];

/** What each funded account deposits to itself on L2 when the devnet is created. */
export const L2_FUNDING = 100n * 10n ** 18n;
