import { BaseError, ContractFunctionRevertedError } from "viem";

/** The custom error a contract call reverted with (viem decodes it with the call's ABI), if any. */
export function revertNameOf(error: unknown): string | undefined {
  if (!(error instanceof BaseError)) return undefined;
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  return reverted instanceof ContractFunctionRevertedError ? reverted.data?.errorName : undefined;
}
