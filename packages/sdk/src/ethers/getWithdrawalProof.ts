import type { JsonRpcApiProvider } from "ethers";
import { isHex } from "viem";
import { type GetWithdrawalProofParameters, onL1 } from "../actions/l2/getWithdrawalProof.ts";
import { InvalidArgumentError } from "../errors.ts";
import type { WithdrawalProof } from "../types.ts";
import { withdrawalProofFromRpc } from "../withdrawalProofFromRpc.ts";

/** getWithdrawalProof for an ethers v6 JSON-RPC provider on the L2 (rollup_getWithdrawalProof). */
export async function getWithdrawalProof(
  provider: Pick<JsonRpcApiProvider, "send">,
  { transactionHash }: GetWithdrawalProofParameters,
): Promise<WithdrawalProof | null> {
  if (!isHex(transactionHash, { strict: true }) || transactionHash.length !== 66) {
    throw new InvalidArgumentError("transactionHash must be a 32-byte hex string", {
      details: { transactionHash: String(transactionHash) },
    });
  }
  const result: unknown = await provider.send("rollup_getWithdrawalProof", [transactionHash]);
  return onL1(result) ? withdrawalProofFromRpc(result) : null;
}
