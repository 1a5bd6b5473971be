import { l2TokenAddress } from "@halcyon/protocol";
import { type Address, erc20Abi, getAddress, type Hex, isAddress, isAddressEqual, zeroAddress } from "viem";
import { readContract, writeContract } from "viem/actions";
import { bridgeAbi } from "../../abis.ts";
import { InvalidArgumentError } from "../../errors.ts";
import { assertL2Recipient } from "../../internal/assertL2Recipient.ts";
import { assertPositiveAmount } from "../../internal/assertPositiveAmount.ts";
import { queueEventFromLogs } from "../../internal/queueEventFromLogs.ts";
import {
  type AnyClient,
  assertClientChain,
  requireAccount,
  waitForSuccess,
} from "../../internal/viemClient.ts";
import type { Deployment, QueueEntryResult } from "../../types.ts";

export type DepositErc20Parameters = {
  readonly deployment: Deployment;
  /** The token on L1. */
  readonly l1Token: Address;
  /** The L2 account credited. */
  readonly to: Address;
  /** Token units the wallet sends; the L2 credit is what the Bridge received (see the result). */
  readonly amount: bigint;
  readonly pollingInterval?: number;
};

export type DepositErc20ReturnType = QueueEntryResult & {
  /** What the Bridge's balance grew by, which the L2 credits (less than `amount` for a fee-on-transfer token). */
  readonly amount: bigint;
  /** The token's address on L2 (docs/protocol.md §2.2). */
  readonly l2Token: Address;
  readonly l1Timestamp: bigint;
  /** The approval sent first, when the Bridge's allowance was below `amount`. */
  readonly approvalHash?: Hex;
};

/**
 * Deposits an ERC-20 through the Bridge (depositERC20): approves the Bridge for `amount` first if its
 * allowance is lower, then deposits and returns the queue index and the credited amount from the
 * ERC20Deposited event.
 */
export async function depositErc20(
  client: AnyClient,
  { deployment, l1Token, to, amount, pollingInterval }: DepositErc20Parameters,
): Promise<DepositErc20ReturnType> {
  assertPositiveAmount(amount);
  assertL2Recipient(to);
  if (!isAddress(l1Token, { strict: false }) || isAddressEqual(l1Token, zeroAddress)) {
    throw new InvalidArgumentError("l1Token must be a token's address (ETH goes through depositEth)", {
      details: { l1Token: String(l1Token) },
    });
  }
  const account = requireAccount(client);
  await assertClientChain(client, deployment.l1ChainId, "the deployment's L1");
  const token = getAddress(l1Token);
  const bridge = deployment.addresses.bridge;
  const chain = client.chain ?? null;

  let approvalHash: Hex | undefined;
  const allowance = await readContract(client, {
    address: token,
    abi: erc20Abi,
    functionName: "allowance",
    args: [account.address, bridge],
  });
  if (allowance < amount) {
    approvalHash = await writeContract(client, {
      address: token,
      abi: erc20Abi,
      functionName: "approve",
      args: [bridge, amount],
      account,
      chain,
    });
    await waitForSuccess(client, approvalHash, pollingInterval);
  }

  const hash = await writeContract(client, {
    address: bridge,
    abi: bridgeAbi,
    functionName: "depositERC20",
    args: [token, getAddress(to), amount],
    account,
    chain,
  });
  const receipt = await waitForSuccess(client, hash, pollingInterval);
  const event = queueEventFromLogs(receipt.logs, bridge, "ERC20Deposited");
  return {
    hash,
    queueIndex: event.queueIndex,
    amount: event.amount,
    l2Token: l2TokenAddress(token.toLowerCase() as Address),
    l1Timestamp: event.timestamp,
    ...(approvalHash === undefined ? {} : { approvalHash }),
  };
}
