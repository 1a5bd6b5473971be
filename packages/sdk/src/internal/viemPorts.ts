import type { Address } from "viem";
import { getBlock, getChainId, readContract, simulateContract, writeContract } from "viem/actions";
import type { ContractCall, L1Reader, L1Writer, RpcRequest } from "../core/ports.ts";
import { type AnyClient, requireAccount, waitForSuccess } from "./viemClient.ts";

// A viem client behind the ports of core/ports.ts.

/** JSON-RPC calls through the client's transport (Halcyon's rollup_* methods are not in viem's schema). */
export function viemRpc(client: AnyClient): RpcRequest {
  const request = client.request as unknown as (args: {
    method: string;
    params: readonly unknown[];
  }) => Promise<unknown>;
  return (method, params) => request({ method, params });
}

type ViemCall = Parameters<typeof readContract>[1];

export function viemL1Reader(client: AnyClient): L1Reader {
  return {
    read: (call) => readContract(client, call as unknown as ViemCall),
    simulate: async (call) =>
      (await simulateContract(client, call as unknown as Parameters<typeof simulateContract>[1])).result,
    latestTimestamp: async () => (await getBlock(client, { blockTag: "latest" })).timestamp,
  };
}

export function viemL1Writer(client: AnyClient, pollingInterval?: number): L1Writer {
  return {
    ...viemL1Reader(client),
    chainId: async () => BigInt(await getChainId(client)),
    account: async (): Promise<Address> => requireAccount(client).address,
    write: async (call: ContractCall) => {
      const hash = await writeContract(client, {
        ...(call as unknown as Parameters<typeof writeContract>[1]),
        account: requireAccount(client),
        chain: client.chain ?? null,
      });
      const receipt = await waitForSuccess(client, hash, pollingInterval);
      return { hash, logs: receipt.logs };
    },
  };
}
