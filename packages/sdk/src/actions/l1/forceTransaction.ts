import type { Hex } from "viem";
import { writeContract } from "viem/actions";
import { bridgeAbi } from "../../abis.ts";
import { decodeForcedTransaction } from "../../internal/decodeForcedTransaction.ts";
import { queueEventFromLogs } from "../../internal/queueEventFromLogs.ts";
import {
  type AnyClient,
  assertClientChain,
  requireAccount,
  waitForSuccess,
} from "../../internal/viemClient.ts";
import type { Deployment, QueueEntryResult } from "../../types.ts";

export type ForceTransactionParameters = {
  readonly deployment: Deployment;
  /** A raw signed L2 transaction (EIP-1559 or legacy EIP-155 with the L2 chain id; docs/protocol.md §5.1). */
  readonly signedTransaction: Hex;
  readonly pollingInterval?: number;
};

export type ForceTransactionReturnType = QueueEntryResult & {
  /** The L2 transaction's hash (docs/protocol.md §5.2). */
  readonly transactionHash: Hex;
  readonly l1Timestamp: bigint;
};

/**
 * Queues a signed L2 transaction on L1 (the Bridge's forceTransaction), so the sequencer must include it
 * within the force-inclusion delay. The transaction is checked locally first with the Bridge's rules
 * (InvalidArgumentError instead of a revert).
 */
export async function forceTransaction(
  client: AnyClient,
  { deployment, signedTransaction, pollingInterval }: ForceTransactionParameters,
): Promise<ForceTransactionReturnType> {
  const tx = decodeForcedTransaction(signedTransaction, deployment.parameters.l2ChainId);
  const account = requireAccount(client);
  await assertClientChain(client, deployment.l1ChainId, "the deployment's L1");
  const hash = await writeContract(client, {
    address: deployment.addresses.bridge,
    abi: bridgeAbi,
    functionName: "forceTransaction",
    args: [signedTransaction],
    account,
    chain: client.chain ?? null,
  });
  const receipt = await waitForSuccess(client, hash, pollingInterval);
  const event = queueEventFromLogs(receipt.logs, deployment.addresses.bridge, "TransactionForced");
  return { hash, queueIndex: event.queueIndex, transactionHash: tx.hash, l1Timestamp: event.timestamp };
}
