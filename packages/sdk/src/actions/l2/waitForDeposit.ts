import {
  pollDeposit,
  type WaitForDepositParameters,
  type WaitForDepositReturnType,
} from "../../core/l2Waits.ts";
import type { AnyClient } from "../../internal/viemClient.ts";
import { viemRpc } from "../../internal/viemPorts.ts";

export type { WaitForDepositParameters, WaitForDepositReturnType };

/**
 * Resolves once the L2 has credited deposit `queueIndex`: the DepositFinalized log the state transition
 * emits from L2_BRIDGE_ADDRESS when it applies the queue entry (docs/protocol.md §3.7), found with
 * eth_getLogs on the L2 client (every second by default). Throws WaitTimeoutError after `timeout` ms,
 * InvalidArgumentError for a negative index.
 *
 * @example
 * const { queueIndex } = await depositEth(l1Wallet, { deployment, to: account.address, amount: parseEther("1") });
 * const { l2BlockNumber } = await waitForDeposit(l2Public, { queueIndex, timeout: 60_000 });
 */
export function waitForDeposit(
  client: AnyClient,
  parameters: WaitForDepositParameters,
): Promise<WaitForDepositReturnType> {
  return pollDeposit(viemRpc(client), parameters);
}
