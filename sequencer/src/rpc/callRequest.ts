import { ZERO_ADDRESS } from "@halcyon/protocol";
import type { CallRequest } from "./callSimulation.ts";
import { invalidParams, RPC_ERROR, RpcError } from "./errors.ts";
import { parseAddress, parseData, parseObject, parseQuantity } from "./params.ts";

/** The transaction object of eth_call and eth_estimateGas. */
export function parseCallRequest(value: unknown, name: string): CallRequest {
  const o = parseObject(value, name);
  if (o.to === undefined || o.to === null) {
    throw new RpcError(RPC_ERROR.INVALID_INPUT, "contract creation is not supported: `to` is required");
  }
  const data = o.data ?? o.input;
  if (o.data !== undefined && o.input !== undefined && o.data !== o.input) {
    throw invalidParams(`${name}: data and input differ`);
  }
  const quantity = (field: string) =>
    o[field] === undefined || o[field] === null ? undefined : parseQuantity(o[field], `${name}.${field}`);
  const gasPrice = quantity("gasPrice");
  const maxFeePerGas = quantity("maxFeePerGas") ?? gasPrice;
  const maxPriorityFeePerGas = quantity("maxPriorityFeePerGas") ?? gasPrice;
  return {
    from: o.from === undefined || o.from === null ? ZERO_ADDRESS : parseAddress(o.from, `${name}.from`),
    to: parseAddress(o.to, `${name}.to`),
    value: quantity("value") ?? 0n,
    data: data === undefined || data === null ? new Uint8Array(0) : parseData(data, `${name}.data`),
    gas: quantity("gas"),
    maxFeePerGas,
    maxPriorityFeePerGas,
  };
}
