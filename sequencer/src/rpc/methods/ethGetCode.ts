import { isTokenAddress, L2_BRIDGE_ADDRESS, tokenL1Key } from "@halcyon/protocol";
import type { RpcMethod } from "../context.ts";
import { paramList, parseAddress, parseBlockRef } from "../params.ts";
import { readWord, resolveStateAt } from "../stateAt.ts";

/**
 * There is no EVM code on L2. Registered bridged tokens and the L2 bridge answer a one-byte marker
 * (0xfe, the INVALID opcode) so that libraries which check that a contract exists before calling it
 * (ethers' Contract, wallets adding a token) treat them as contracts; every other address answers 0x.
 */
export const TOKEN_CODE_MARKER = "0xfe";

export const ethGetCode: RpcMethod = {
  name: "eth_getCode",
  handler: async (params, ctx) => {
    const [addressParam, block] = paramList(params, 1, 2);
    const address = parseAddress(addressParam, "address");
    const at = await resolveStateAt(ctx, parseBlockRef(block, "block", { allowHash: true }));
    if (address === L2_BRIDGE_ADDRESS) return TOKEN_CODE_MARKER;
    if (isTokenAddress(address) && (await readWord(ctx, tokenL1Key(address), at)) !== 0n)
      return TOKEN_CODE_MARKER;
    return "0x";
  },
};
