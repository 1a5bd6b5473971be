import { type L1PublicClient, type Logger, rollupAbi } from "@halcyon/node-common";
import type { Address } from "@halcyon/protocol";
import { encodeFunctionData } from "viem";
import { L1ServiceError } from "../l1/errors.ts";
import type { L1Sender } from "./l1Sender.ts";

/**
 * Makes sure the sequencer's L1 account has the proposer bond the Rollup requires to append
 * (PROPOSER_BOND): deposits what is missing, once, at startup. A bond whose exit was requested can no
 * longer append: that is an operator's decision, so it stops the sequencer's L1 side with a reason.
 */
export async function ensureProposerBond(options: {
  readonly publicClient: L1PublicClient;
  readonly sender: L1Sender;
  readonly rollup: Address;
  readonly logger: Logger;
  readonly stuckAfterMs: number;
  readonly pollMs: number;
  /**
   * Names the deposit's L1 transaction (default `bond-<current bond>`). A deposit after a slash needs a
   * name of its own: the bond may be back at an amount an earlier deposit started from.
   */
  readonly purpose?: string;
}): Promise<void> {
  const { publicClient, sender, rollup, logger } = options;
  const [required, bond] = await Promise.all([
    publicClient.readContract({ address: rollup, abi: rollupAbi, functionName: "PROPOSER_BOND" }),
    publicClient.readContract({
      address: rollup,
      abi: rollupAbi,
      functionName: "bondOf",
      args: [sender.address],
    }),
  ]);
  if (bond.exitAfter !== 0n) {
    throw new L1ServiceError(
      "critical",
      `the sequencer's bond is exiting (after batch ${bond.exitAfter}): it cannot append`,
    );
  }
  if (bond.amount >= required) {
    logger.info({ bond: bond.amount.toString(), required: required.toString() }, "proposer bond in place");
    return;
  }
  const missing = required - bond.amount;
  const balance = await publicClient.getBalance({ address: sender.address });
  if (balance <= missing) {
    throw new L1ServiceError(
      "critical",
      `the sequencer's L1 account ${sender.address} holds ${balance} wei; the proposer bond needs ${missing} more plus gas`,
    );
  }
  logger.info({ deposit: missing.toString() }, "depositing the proposer bond");
  await sender.execute(
    options.purpose ?? `bond-${bond.amount}`,
    { to: rollup, data: encodeFunctionData({ abi: rollupAbi, functionName: "depositBond" }), value: missing },
    { stuckAfterMs: options.stuckAfterMs, pollMs: options.pollMs },
  );
}
