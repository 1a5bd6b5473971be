import { l2TokenAddress } from "@halcyon/protocol";
import { Contract, type Signer } from "ethers";
import { type Address, erc20Abi, getAddress, type Hex, isAddress, isAddressEqual, zeroAddress } from "viem";
import type { DepositErc20Parameters, DepositErc20ReturnType } from "../actions/l1/depositErc20.ts";
import { InvalidArgumentError } from "../errors.ts";
import { assertL2Recipient } from "../internal/assertL2Recipient.ts";
import { assertPositiveAmount } from "../internal/assertPositiveAmount.ts";
import { bridgeContract } from "./internal/bridgeContract.ts";
import { assertProviderChain, eventArgs, providerOf, waitForSuccess } from "./internal/ethersSigner.ts";

/** depositErc20 for an ethers v6 Signer: approves the Bridge if needed, deposits, returns the credit. */
export async function depositErc20(
  signer: Signer,
  { deployment, l1Token, to, amount }: Omit<DepositErc20Parameters, "pollingInterval">,
): Promise<DepositErc20ReturnType> {
  assertPositiveAmount(amount);
  assertL2Recipient(to);
  if (!isAddress(l1Token, { strict: false }) || isAddressEqual(l1Token, zeroAddress)) {
    throw new InvalidArgumentError("l1Token must be a token's address (ETH goes through depositEth)", {
      details: { l1Token: String(l1Token) },
    });
  }
  await assertProviderChain(providerOf(signer), deployment.l1ChainId, "the deployment's L1");
  const token = getAddress(l1Token);
  const bridgeAddress = deployment.addresses.bridge;
  const erc20 = new Contract(token, erc20Abi as unknown as string[], signer);
  const owner = await signer.getAddress();
  let approvalHash: Hex | undefined;
  const allowance = (await erc20.getFunction("allowance")(owner, bridgeAddress)) as bigint;
  if (allowance < amount) {
    const approval = await erc20.getFunction("approve")(bridgeAddress, amount);
    await waitForSuccess(approval);
    approvalHash = approval.hash as Hex;
  }
  const bridge = bridgeContract(deployment, signer);
  const tx = await bridge.getFunction("depositERC20")(token, getAddress(to), amount);
  const receipt = await waitForSuccess(tx);
  const args = eventArgs(receipt, bridge.interface, bridgeAddress, "ERC20Deposited");
  return {
    hash: tx.hash as Hex,
    queueIndex: args.queueIndex as bigint,
    amount: args.amount as bigint,
    l2Token: l2TokenAddress(token.toLowerCase() as Address),
    l1Timestamp: args.timestamp as bigint,
    ...(approvalHash === undefined ? {} : { approvalHash }),
  };
}
