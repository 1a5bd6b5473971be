import { type Address, getAddress } from "viem";
import { writeContract } from "viem/actions";
import { bridgeAbi } from "../../abis.ts";
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

export type DepositEthParameters = {
  readonly deployment: Deployment;
  /** The L2 account credited. */
  readonly to: Address;
  /** Wei. */
  readonly amount: bigint;
  readonly pollingInterval?: number;
};

/** The queue entry, with the L1 timestamp the Bridge hashed into it (docs/protocol.md §4). */
export type DepositEthReturnType = QueueEntryResult & { readonly l1Timestamp: bigint };

/**
 * Deposits ETH through the Bridge (depositETH) from the wallet's account to `to` on L2, waits for the
 * receipt and returns the queue index from the ETHDeposited event.
 */
export async function depositEth(
  client: AnyClient,
  { deployment, to, amount, pollingInterval }: DepositEthParameters,
): Promise<DepositEthReturnType> {
  assertPositiveAmount(amount);
  assertL2Recipient(to);
  const account = requireAccount(client);
  await assertClientChain(client, deployment.l1ChainId, "the deployment's L1");
  const hash = await writeContract(client, {
    address: deployment.addresses.bridge,
    abi: bridgeAbi,
    functionName: "depositETH",
    args: [getAddress(to)],
    value: amount,
    account,
    chain: client.chain ?? null,
  });
  const receipt = await waitForSuccess(client, hash, pollingInterval);
  const event = queueEventFromLogs(receipt.logs, deployment.addresses.bridge, "ETHDeposited");
  return { hash, queueIndex: event.queueIndex, l1Timestamp: event.timestamp };
}
