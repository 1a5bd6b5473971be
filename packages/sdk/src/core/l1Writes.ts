import {
  bigintToBytes,
  bytesToHex,
  concatBytes,
  keccak256,
  l2TokenAddress,
  queueEntryHash,
} from "@halcyon/protocol";
import { type Address, erc20Abi, getAddress, type Hex, isAddress, isAddressEqual, zeroAddress } from "viem";
import { bridgeAbi } from "../abis.ts";
import { checkWithdrawalProof } from "../checkWithdrawalProof.ts";
import { InvalidArgumentError } from "../errors.ts";
import { assertChainId } from "../internal/assertChainId.ts";
import { assertL2Recipient } from "../internal/assertL2Recipient.ts";
import { assertPositiveAmount } from "../internal/assertPositiveAmount.ts";
import { bridgeEventFromLogs } from "../internal/bridgeEventFromLogs.ts";
import { decodeForcedTransaction } from "../internal/decodeForcedTransaction.ts";
import type { Deployment, QueueEntryResult, WithdrawalProof } from "../types.ts";
import type { L1Writer } from "./ports.ts";

// The L1 transactions, for both clients: check the arguments as the Bridge would (a typed error instead
// of a revert), check the client's chain, send, and read the result from the Bridge's event.

async function sender(l1: L1Writer, deployment: Deployment): Promise<Address> {
  const account = await l1.account();
  assertChainId(await l1.chainId(), deployment.l1ChainId, "the deployment's L1");
  return account;
}

export type DepositEthParameters = {
  readonly deployment: Deployment;
  /** The L2 account credited. */
  readonly to: Address;
  /** Wei. */
  readonly amount: bigint;
  /** Milliseconds between receipt polls (viem only; ethers polls as its provider does). */
  readonly pollingInterval?: number;
};

/** The queue entry, with the L1 timestamp the Bridge hashed into it (docs/protocol.md §4). */
export type DepositEthReturnType = QueueEntryResult & { readonly l1Timestamp: bigint };

export async function sendDepositEth(
  l1: L1Writer,
  { deployment, to, amount }: DepositEthParameters,
): Promise<DepositEthReturnType> {
  assertPositiveAmount(amount);
  assertL2Recipient(to);
  await sender(l1, deployment);
  const bridge = deployment.addresses.bridge;
  const { hash, logs } = await l1.write({
    address: bridge,
    abi: bridgeAbi,
    functionName: "depositETH",
    args: [getAddress(to)],
    value: amount,
  });
  const event = bridgeEventFromLogs(logs, bridge, "ETHDeposited");
  return { hash, queueIndex: event.queueIndex, l1Timestamp: event.timestamp };
}

export type DepositErc20Parameters = {
  readonly deployment: Deployment;
  /** The token on L1. */
  readonly l1Token: Address;
  /** The L2 account credited. */
  readonly to: Address;
  /** Token units the wallet sends; the L2 credit is what the Bridge received (see the result). */
  readonly amount: bigint;
  /** Milliseconds between receipt polls (viem only; ethers polls as its provider does). */
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

export async function sendDepositErc20(
  l1: L1Writer,
  { deployment, l1Token, to, amount }: DepositErc20Parameters,
): Promise<DepositErc20ReturnType> {
  assertPositiveAmount(amount);
  assertL2Recipient(to);
  if (!isAddress(l1Token, { strict: false }) || isAddressEqual(l1Token, zeroAddress)) {
    throw new InvalidArgumentError("l1Token must be a token's address (ETH goes through depositEth)", {
      details: { l1Token: String(l1Token) },
    });
  }
  const owner = await sender(l1, deployment);
  const token = getAddress(l1Token);
  const bridge = deployment.addresses.bridge;
  let approvalHash: Hex | undefined;
  const allowance = BigInt(
    (await l1.read({
      address: token,
      abi: erc20Abi,
      functionName: "allowance",
      args: [owner, bridge],
    })) as bigint,
  );
  if (allowance < amount) {
    approvalHash = (
      await l1.write({ address: token, abi: erc20Abi, functionName: "approve", args: [bridge, amount] })
    ).hash;
  }
  const { hash, logs } = await l1.write({
    address: bridge,
    abi: bridgeAbi,
    functionName: "depositERC20",
    args: [token, getAddress(to), amount],
  });
  const event = bridgeEventFromLogs(logs, bridge, "ERC20Deposited");
  return {
    hash,
    queueIndex: event.queueIndex,
    amount: event.amount,
    l2Token: l2TokenAddress(token.toLowerCase() as Address),
    l1Timestamp: event.timestamp,
    ...(approvalHash === undefined ? {} : { approvalHash }),
  };
}

export type ForceTransactionParameters = {
  readonly deployment: Deployment;
  /** A raw signed L2 transaction (EIP-1559 or legacy EIP-155 with the L2 chain id; docs/protocol.md §5.1). */
  readonly signedTransaction: Hex;
  /** Milliseconds between receipt polls (viem only; ethers polls as its provider does). */
  readonly pollingInterval?: number;
};

export type ForceTransactionReturnType = QueueEntryResult & {
  /** The L2 transaction's hash (docs/protocol.md §5.2). */
  readonly transactionHash: Hex;
  readonly l1Timestamp: bigint;
  /** The entry's hash the Bridge stores (docs/protocol.md §4). */
  readonly queueEntryHash: Hex;
  /**
   * The hash the sequencer files the applied entry under, keccak(queueEntryHash ‖ uint256(queueIndex)):
   * the `transactionHash` of the logs it emits and of a withdrawal it makes (getWithdrawal and
   * getWithdrawalProof find a forced withdrawal by it). A forced transaction is not a transaction of
   * its L2 block: there is no receipt for this hash nor for `transactionHash`.
   */
  readonly queueTransactionHash: Hex;
};

export async function sendForceTransaction(
  l1: L1Writer,
  { deployment, signedTransaction }: ForceTransactionParameters,
): Promise<ForceTransactionReturnType> {
  const { hash: transactionHash, ...tx } = decodeForcedTransaction(
    signedTransaction,
    deployment.parameters.l2ChainId,
  );
  const from = await sender(l1, deployment);
  const bridge = deployment.addresses.bridge;
  const { hash, logs } = await l1.write({
    address: bridge,
    abi: bridgeAbi,
    functionName: "forceTransaction",
    args: [signedTransaction],
  });
  const { queueIndex, timestamp } = bridgeEventFromLogs(logs, bridge, "TransactionForced");
  const entryHash = queueEntryHash({
    kind: "forced-transaction",
    queueIndex,
    from: from.toLowerCase() as Address,
    tx,
    l1Timestamp: timestamp,
  });
  return {
    hash,
    queueIndex,
    transactionHash,
    l1Timestamp: timestamp,
    queueEntryHash: bytesToHex(entryHash),
    queueTransactionHash: bytesToHex(keccak256(concatBytes(entryHash, bigintToBytes(queueIndex, 32)))),
  };
}

export type FinalizeWithdrawalParameters = {
  readonly deployment: Deployment;
  /** As getWithdrawalProof returns it (rollup_getWithdrawalProof). Its batch must be final or finalizable. */
  readonly proof: WithdrawalProof;
  /** Milliseconds between receipt polls (viem only; ethers polls as its provider does). */
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

export async function sendFinalizeWithdrawal(
  l1: L1Writer,
  { deployment, proof }: FinalizeWithdrawalParameters,
): Promise<FinalizeWithdrawalReturnType> {
  checkWithdrawalProof(proof);
  await sender(l1, deployment);
  const bridge = deployment.addresses.bridge;
  // Only the fields the Bridge takes: a SequencerWithdrawalProof carries more.
  const { record } = proof.batch;
  const { hash, logs } = await l1.write({
    address: bridge,
    abi: bridgeAbi,
    functionName: "finalizeWithdrawal",
    args: [
      {
        index: record.index,
        epoch: record.epoch,
        dataRoot: record.dataRoot,
        parentStateRoot: record.parentStateRoot,
        stateRoot: record.stateRoot,
        steps: record.steps,
        queueStart: record.queueStart,
        queueLimit: record.queueLimit,
        queueApplied: record.queueApplied,
        appendedAt: record.appendedAt,
        proposer: record.proposer,
      },
      { ...proof.header },
      { ...proof.withdrawal },
      [...proof.siblings],
    ],
  });
  const event = bridgeEventFromLogs(logs, bridge, "WithdrawalFinalized");
  return { hash, credited: event.credited };
}
