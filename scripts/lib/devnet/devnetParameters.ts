import type { Address } from "viem";
import type { HalcyonParameters } from "../../../packages/node-common/src/l1/deployment.ts";
import { DEVNET_L2_CHAIN_ID } from "../../../packages/protocol/src/constants.ts";

const ETHER = 10n ** 18n;

/**
 * The devnet's contract parameters: the devnet L2 chain id and periods of minutes, so a withdrawal is
 * final five minutes after its batch and a game is decided within minutes (mainnet uses days).
 */
export function devnetParameters(roles: {
  sequencer: Address;
  feeVault: Address;
}): Partial<HalcyonParameters> {
  return {
    l2ChainId: DEVNET_L2_CHAIN_ID,
    sequencer: roles.sequencer,
    feeVault: roles.feeVault,
    challengeWindow: 300n,
    inactivityPeriod: 3_600n,
    forceInclusionDelay: 600n,
    proposerBond: 1n * ETHER,
    challengerBond: ETHER / 10n,
    proposerClock: 120n,
    challengerClock: 120n,
    burnBps: 2_500n,
  };
}

/** L1 blocks per interval: time passes and confirmations come without traffic. */
export const DEVNET_L1_BLOCK_TIME_MS = 1_000;
