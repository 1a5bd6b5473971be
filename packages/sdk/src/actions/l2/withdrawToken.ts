import type { Hex } from "viem";
import { sendTransaction } from "viem/actions";
import {
  type WithdrawTokenParameters,
  withdrawTokenRequest,
  withdrawTokenTarget,
} from "../../core/withdrawalRequest.ts";
import { assertL2Client } from "../../internal/assertL2Client.ts";
import type { AnyClient } from "../../internal/viemClient.ts";

export type { WithdrawTokenParameters };
export { withdrawTokenTarget };

/**
 * Withdraws a bridged ERC-20 from L2: `withdraw(amount)` called on the token's L2 address (given, or
 * derived from `l1Token`), with the gas the protocol charges for it (45,000 + 16 per data byte); paid on
 * L1 to the sender's own address. Returns the L2 transaction hash. Throws as withdrawEth does, and
 * InvalidArgumentError when the token address is not a bridged token's.
 *
 * @example
 * const withdrawalHash = await withdrawToken(l2Wallet, { l1Token, amount: 10n });
 */
export async function withdrawToken(client: AnyClient, parameters: WithdrawTokenParameters): Promise<Hex> {
  const request = withdrawTokenRequest(parameters);
  const { account, chain } = await assertL2Client(client);
  return sendTransaction(client, { ...request, account, chain });
}
