import { type Hex, parseEventLogs } from "viem";
import { writeContract } from "viem/actions";
import { bridgeAbi } from "../../abis.ts";
import { checkWithdrawalProof } from "../../checkWithdrawalProof.ts";
import { EventNotFoundError } from "../../errors.ts";
import {
  type AnyClient,
  assertClientChain,
  requireAccount,
  waitForSuccess,
} from "../../internal/viemClient.ts";
import type { Deployment, WithdrawalProof } from "../../types.ts";

export type FinalizeWithdrawalParameters = {
  readonly deployment: Deployment;
  /** As getWithdrawalProof returns it (rollup_getWithdrawalProof). Its batch must be final on L1. */
  readonly proof: WithdrawalProof;
  readonly pollingInterval?: number;
};

export type FinalizeWithdrawalReturnType = {
  readonly hash: Hex;
  /**
   * false: paid to the recipient. true: the payment failed (a recipient that refuses ETH or a token that
   * blocks it) and the Bridge credited the recipient instead, to claim with claimCredit.
   */
  readonly credited: boolean;
};

/**
 * Pays a withdrawal on L1 (the Bridge's finalizeWithdrawal) from a proof; anyone may send it, the payment
 * goes to the withdrawal's l1Recipient. The proof is checked locally first (InvalidArgumentError); a batch
 * not yet final or a withdrawal already paid revert (TransactionRevertedError or viem's error).
 */
export async function finalizeWithdrawal(
  client: AnyClient,
  { deployment, proof, pollingInterval }: FinalizeWithdrawalParameters,
): Promise<FinalizeWithdrawalReturnType> {
  checkWithdrawalProof(proof);
  const account = requireAccount(client);
  await assertClientChain(client, deployment.l1ChainId, "the deployment's L1");
  const siblings = [...proof.siblings] as unknown as readonly [Hex, ...Hex[]] & { length: 32 };
  const hash = await writeContract(client, {
    address: deployment.addresses.bridge,
    abi: bridgeAbi,
    functionName: "finalizeWithdrawal",
    args: [proof.batch.record, proof.header, proof.withdrawal, siblings as never],
    account,
    chain: client.chain ?? null,
  });
  const receipt = await waitForSuccess(client, hash, pollingInterval);
  const [event] = parseEventLogs({ abi: bridgeAbi, eventName: "WithdrawalFinalized", logs: receipt.logs });
  if (event === undefined) throw new EventNotFoundError("the receipt has no WithdrawalFinalized event");
  return { hash, credited: event.args.credited };
}
