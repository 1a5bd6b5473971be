import {
  Contract,
  type ContractRunner,
  type InterfaceAbi,
  type JsonRpcApiProvider,
  type ParamType,
  type Signer,
} from "ethers";
import type { Address, Hex } from "viem";
import type { ContractCall, L1Reader, L1Writer, RpcRequest } from "../../core/ports.ts";
import { AccountNotFoundError, InvalidRpcResponseError } from "../../errors.ts";
import { providerOf, waitForSuccess } from "./ethersSigner.ts";

// An ethers v6 provider or signer behind the ports of core/ports.ts.

/** What the ethers functions on the L2 need: a JsonRpcProvider on the sequencer (or anything with its `send`). */
export type EthersRpcProvider = Pick<JsonRpcApiProvider, "send">;

/** JSON-RPC calls through a JsonRpcProvider's `send`. */
export function ethersRpc(provider: EthersRpcProvider): RpcRequest {
  return (method, params) => provider.send(method, [...params]);
}

/** An ethers Result as viem decodes the same value: structs as objects by field name, arrays as arrays. */
function plain(value: unknown, type: ParamType): unknown {
  if (type.isTuple()) {
    const fields = value as unknown[];
    return Object.fromEntries(type.components.map((c, i) => [c.name, plain(fields[i], c)]));
  }
  if (type.isArray()) return [...(value as unknown[])].map((v) => plain(v, type.arrayChildren));
  return value;
}

function contractFunction(call: ContractCall, runner: ContractRunner) {
  const contract = new Contract(call.address, call.abi as unknown as InterfaceAbi, runner);
  return contract.getFunction(call.functionName);
}

async function staticCall(call: ContractCall, runner: ContractRunner): Promise<unknown> {
  const fn = contractFunction(call, runner);
  const result: unknown = await fn.staticCall(...(call.args ?? []));
  const outputs = fn.fragment.outputs;
  if (outputs.length === 1) return plain(result, outputs[0]!);
  const values = result as unknown[];
  return outputs.map((type, i) => plain(values[i], type));
}

export function ethersL1Reader(runner: ContractRunner): L1Reader {
  const provider = runner.provider;
  if (provider === null || provider === undefined) {
    throw new AccountNotFoundError("the ethers runner has no provider: connect it to one");
  }
  return {
    read: (call) => staticCall(call, runner),
    simulate: (call) => staticCall(call, runner),
    latestTimestamp: async () => {
      const block = await provider.getBlock("latest");
      if (block === null) throw new InvalidRpcResponseError("eth_getBlockByNumber: no latest block");
      return BigInt(block.timestamp);
    },
  };
}

export function ethersL1Writer(signer: Signer): L1Writer {
  const provider = providerOf(signer);
  // The nonce after this writer's last transaction. A second write right after the first (an approval
  // then the deposit) would otherwise ask for the nonce again, and ethers answers a repeated request
  // within 250 ms from its cache: the first transaction's nonce, refused as too low.
  let nextNonce: number | undefined;
  return {
    ...ethersL1Reader(signer),
    chainId: async () => (await provider.getNetwork()).chainId,
    account: async () => (await signer.getAddress()) as Address,
    write: async (call) => {
      const fn = contractFunction(call, signer);
      const args = call.args ?? [];
      const overrides = {
        ...(call.value === undefined ? {} : { value: call.value }),
        ...(nextNonce === undefined ? {} : { nonce: nextNonce }),
      };
      const tx = await fn(...args, overrides);
      nextNonce = tx.nonce + 1;
      const receipt = await waitForSuccess(tx);
      return {
        hash: tx.hash as Hex,
        logs: receipt.logs.map((log) => ({
          address: log.address as Address,
          topics: [...log.topics] as Hex[],
          data: log.data as Hex,
        })),
      };
    },
  };
}
