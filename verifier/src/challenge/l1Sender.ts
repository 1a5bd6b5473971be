import {
  disputeGameAbi,
  type L1PublicClient,
  type L1WalletClient,
  type Logger,
  rollupAbi,
  stepVerifierAbi,
} from "@halcyon/node-common";
import {
  type Abi,
  type Address,
  decodeErrorResult,
  encodeFunctionData,
  type Hex,
  type TransactionReceipt,
  BaseError as ViemBaseError,
} from "viem";
import { TemporaryError, VerifierError } from "../errors.ts";

// Sends one challenger transaction: estimate its gas (which also simulates it: a move L1 would refuse
// is never posted), price it from the L1 fee market with a bump per retry, sign with the next nonce
// the chain has mined (a retry replaces a stuck earlier attempt rather than queue behind it), and wait
// for its receipt.

export class MoveRevertedError extends VerifierError {
  override name = "MoveRevertedError";
  /** The contract's custom error, when it could be decoded. */
  readonly errorName: string | undefined;

  constructor(message: string, errorName: string | undefined, cause?: unknown) {
    super(message, { details: { errorName }, cause });
    this.errorName = errorName;
  }
}

export type L1SenderOptions = {
  readonly client: L1PublicClient;
  readonly wallet: L1WalletClient;
  readonly logger: Logger;
  /** How long to wait for a receipt before the attempt counts as failed (default 120 s). */
  readonly receiptTimeoutMs?: number;
  /** Fee increase per retry, in percent of the estimate (default 25). */
  readonly feeBumpPercent?: number;
  /** Never pay more than this per gas (wei). */
  readonly maxFeePerGas?: bigint;
};

export type ContractCall = {
  readonly address: Address;
  readonly abi: Abi;
  readonly functionName: string;
  readonly args: readonly unknown[];
  readonly value?: bigint;
};

const ERROR_ABI: Abi = [...rollupAbi, ...disputeGameAbi, ...stepVerifierAbi].filter(
  (item) => item.type === "error",
);

/** The custom error name in a viem error's revert data, if any. */
export function revertName(error: unknown): string | undefined {
  if (!(error instanceof ViemBaseError)) return undefined;
  let data: Hex | undefined;
  error.walk((e) => {
    const d = (e as { data?: unknown }).data;
    if (typeof d === "string" && d.startsWith("0x") && d.length >= 10) data = d as Hex;
    else if (typeof d === "object" && d !== null && typeof (d as { data?: unknown }).data === "string") {
      data = (d as { data: Hex }).data;
    }
    return false;
  });
  if (data === undefined) return undefined;
  try {
    return decodeErrorResult({ abi: ERROR_ABI, data }).errorName;
  } catch {
    return undefined;
  }
}

export class L1Sender {
  readonly #options: L1SenderOptions;

  constructor(options: L1SenderOptions) {
    this.#options = options;
  }

  get address(): Address {
    return this.#options.wallet.account.address;
  }

  /**
   * Sends `call` as attempt number `attempt` (1, 2, …: the fee grows with it). Throws
   * MoveRevertedError if L1 refuses it in simulation, TemporaryError if it is not mined in time or
   * reverts on chain.
   */
  async send(call: ContractCall, attempt: number): Promise<TransactionReceipt> {
    const { client, wallet, logger } = this.#options;
    const account = wallet.account;
    const data = encodeFunctionData({ abi: call.abi, functionName: call.functionName, args: call.args });
    const value = call.value ?? 0n;
    let gas: bigint;
    try {
      gas = await client.estimateGas({ account, to: call.address, data, value });
    } catch (cause) {
      const name = revertName(cause);
      if (name !== undefined)
        throw new MoveRevertedError(`${call.functionName} would revert: ${name}`, name, cause);
      throw cause;
    }
    const fees = await client.estimateFeesPerGas();
    const bump = BigInt(100 + (this.#options.feeBumpPercent ?? 25) * Math.max(0, attempt - 1));
    let maxFeePerGas = (fees.maxFeePerGas * bump) / 100n;
    let maxPriorityFeePerGas = (fees.maxPriorityFeePerGas * bump) / 100n;
    const cap = this.#options.maxFeePerGas;
    if (cap !== undefined && maxFeePerGas > cap) maxFeePerGas = cap;
    if (maxPriorityFeePerGas > maxFeePerGas) maxPriorityFeePerGas = maxFeePerGas;
    const nonce = await client.getTransactionCount({ address: account.address, blockTag: "latest" });
    const hash = await wallet.sendTransaction({
      to: call.address,
      data,
      value,
      gas: (gas * 12n) / 10n,
      maxFeePerGas,
      maxPriorityFeePerGas,
      nonce,
    });
    logger.info(
      { tx: hash, call: call.functionName, nonce, attempt, maxFeePerGas, maxPriorityFeePerGas },
      "sent L1 transaction",
    );
    let receipt: TransactionReceipt;
    try {
      receipt = await client.waitForTransactionReceipt({
        hash,
        timeout: this.#options.receiptTimeoutMs ?? 120_000,
        pollingInterval: 250,
      });
    } catch (cause) {
      throw new TemporaryError(`${call.functionName}: no receipt in time (the next attempt bumps the fee)`, {
        cause,
        details: { tx: hash, attempt },
      });
    }
    if (receipt.status !== "success") {
      throw new TemporaryError(`${call.functionName} reverted on chain`, { details: { tx: hash } });
    }
    return receipt;
  }
}
