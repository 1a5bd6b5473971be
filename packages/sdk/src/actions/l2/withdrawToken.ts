import { isTokenAddress, l2TokenAddress, requiredGas } from "@halcyon/protocol";
import { type Address, encodeFunctionData, type Hex, isAddress, parseAbi } from "viem";
import { sendTransaction } from "viem/actions";
import { InvalidArgumentError } from "../../errors.ts";
import { assertL2Client } from "../../internal/assertL2Client.ts";
import { assertPositiveAmount } from "../../internal/assertPositiveAmount.ts";
import type { AnyClient } from "../../internal/viemClient.ts";

const l2TokenAbi = parseAbi(["function withdraw(uint256 amount)"]);

export type WithdrawTokenParameters = (
  | { /** The token on L1; its L2 address is derived. */ readonly l1Token: Address }
  | { /** The bridged token's L2 address (prefix 0x4a1c7070). */ readonly l2Token: Address }
) & {
  /** Token units to withdraw, paid on L1 to the sender's address. */
  readonly amount: bigint;
  readonly maxFeePerGas?: bigint;
  readonly maxPriorityFeePerGas?: bigint;
  readonly nonce?: number;
};

/** The L2 token address of a WithdrawTokenParameters. */
export function withdrawTokenTarget(parameters: WithdrawTokenParameters): Address {
  const token = "l2Token" in parameters ? parameters.l2Token : l2TokenAddress(lower(parameters.l1Token));
  if (!isTokenAddress(token)) {
    throw new InvalidArgumentError("l2Token is not a bridged-token address", { details: { token } });
  }
  return lower(token);
}

function lower(address: Address): Address {
  if (!isAddress(address, { strict: false })) {
    throw new InvalidArgumentError("not an address", { details: { address: String(address) } });
  }
  return address.toLowerCase() as Address;
}

/**
 * Withdraws a bridged ERC-20 from L2: `withdraw(amount)` called on the token's L2 address, with the gas the
 * protocol charges for it (45,000 + 16 per data byte). Returns the L2 transaction hash.
 */
export async function withdrawToken(client: AnyClient, parameters: WithdrawTokenParameters): Promise<Hex> {
  assertPositiveAmount(parameters.amount);
  const to = withdrawTokenTarget(parameters);
  const { account, chain } = await assertL2Client(client);
  const data = encodeFunctionData({ abi: l2TokenAbi, functionName: "withdraw", args: [parameters.amount] });
  return sendTransaction(client, {
    account,
    chain,
    to,
    data,
    value: 0n,
    gas: requiredGas(to, (data.length - 2) / 2),
    ...(parameters.maxFeePerGas === undefined ? {} : { maxFeePerGas: parameters.maxFeePerGas }),
    ...(parameters.maxPriorityFeePerGas === undefined
      ? {}
      : { maxPriorityFeePerGas: parameters.maxPriorityFeePerGas }),
    ...(parameters.nonce === undefined ? {} : { nonce: parameters.nonce }),
  });
}
