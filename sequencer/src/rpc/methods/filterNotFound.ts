import { RPC_ERROR, RpcError } from "../errors.ts";

/** geth's answer for an unknown or expired filter id. */
export function filterNotFound(): RpcError {
  return new RpcError(RPC_ERROR.INVALID_INPUT, "filter not found");
}
