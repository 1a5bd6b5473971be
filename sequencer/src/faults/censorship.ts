import { type Address, decodeTransaction, recoverTxSender } from "@halcyon/protocol";
import { TransactionRefusedError } from "../mempool/errors.ts";
import type { PoolTransaction } from "../mempool/mempool.ts";

type Intake = { submit(raw: Uint8Array): Promise<PoolTransaction> };

/**
 * Test-only censorship: the door refuses every transaction whose sender `censored` names (what a
 * censoring sequencer does; force inclusion through L1 is the answer to it). Anything that does not
 * decode goes on to the real door, which refuses it with its own reason.
 */
export function censoringIntake(
  intake: Intake,
  chainId: bigint,
  censored: (sender: Address) => boolean,
): Intake {
  return {
    submit(raw) {
      let sender: Address | null = null;
      try {
        const { hash: _hash, ...tx } = decodeTransaction(raw, chainId);
        sender = recoverTxSender(tx);
      } catch {
        return intake.submit(raw);
      }
      if (sender !== null && censored(sender)) {
        return Promise.reject(
          new TransactionRefusedError("unavailable", `fault mode: transactions from ${sender} are censored`),
        );
      }
      return intake.submit(raw);
    },
  };
}
