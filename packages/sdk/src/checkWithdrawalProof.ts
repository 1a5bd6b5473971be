import {
  bytesToHex,
  hexToBytes,
  stateRootOf,
  verifyWithdrawalProof,
  WITHDRAWAL_TREE_DEPTH,
  withdrawalLeafHash,
} from "@halcyon/protocol";
import { InvalidArgumentError } from "./errors.ts";
import type { WithdrawalProof } from "./types.ts";

/**
 * Checks a withdrawal proof as the Bridge will (docs/protocol.md §2.3, §2.4): the header hashes to the
 * batch's state root, the withdrawal is below the header's count, and the siblings lead from its leaf to
 * the header's withdrawals root. Throws InvalidArgumentError; says nothing about finality. finalizeWithdrawal
 * calls it before sending.
 *
 * @example
 * const proof = await getWithdrawalProof(l2Public, { transactionHash: withdrawalHash });
 * if (proof !== null) checkWithdrawalProof(proof); // throws if the sequencer's proof would not verify
 */
export function checkWithdrawalProof(proof: WithdrawalProof): void {
  const { withdrawal, batch, header, siblings } = proof;
  if (batch.index !== batch.record.index) {
    throw new InvalidArgumentError("the proof's batch index is not its record's", {
      details: { index: batch.index, recordIndex: batch.record.index },
    });
  }
  const stateRoot = bytesToHex(
    stateRootOf({
      treeRoot: hexToBytes(header.treeRoot),
      withdrawalsRoot: hexToBytes(header.withdrawalsRoot),
      withdrawalCount: header.withdrawalCount,
      queueApplied: header.queueApplied,
      accountCount: header.accountCount,
    }),
  );
  if (stateRoot !== batch.record.stateRoot.toLowerCase()) {
    throw new InvalidArgumentError("the proof's header does not hash to its batch's state root", {
      details: { stateRoot, recordStateRoot: batch.record.stateRoot },
    });
  }
  if (withdrawal.index >= header.withdrawalCount) {
    throw new InvalidArgumentError("the withdrawal is not in the proof's batch", {
      details: { index: withdrawal.index, withdrawalCount: header.withdrawalCount },
    });
  }
  if (siblings.length !== WITHDRAWAL_TREE_DEPTH) {
    throw new InvalidArgumentError(`a withdrawal proof has ${WITHDRAWAL_TREE_DEPTH} siblings`, {
      details: { siblings: siblings.length },
    });
  }
  const leaf = withdrawalLeafHash(withdrawal);
  const ok = verifyWithdrawalProof(hexToBytes(header.withdrawalsRoot), withdrawal.index, leaf, [
    ...siblings.map((s) => hexToBytes(s)),
  ]);
  if (!ok) {
    throw new InvalidArgumentError("the siblings do not lead from the withdrawal to the withdrawals root", {
      details: { index: withdrawal.index },
    });
  }
}
