import type { Abi, Address, Hex } from "viem";

// What the shared logic in core/ needs of a client, so that one implementation serves viem and ethers:
// each side adapts its client to these ports (internal/viemPorts.ts, ethers/internal/ethersPorts.ts) and
// calls the same core function.

/** One JSON-RPC call on the L2 node (viem: client.request; ethers: provider.send). */
export type RpcRequest = (method: string, params: readonly unknown[]) => Promise<unknown>;

/** A contract function call: a view, a simulation or a transaction. */
export type ContractCall = {
  readonly address: Address;
  readonly abi: Abi;
  readonly functionName: string;
  readonly args?: readonly unknown[];
  /** Wei sent with a transaction. */
  readonly value?: bigint;
};

/**
 * L1 reads. Results as viem decodes them: a struct as an object by field name, several outputs as an
 * array; integers may come as bigint or number (core converts them).
 */
export type L1Reader = {
  read(call: ContractCall): Promise<unknown>;
  /** What a state-changing call would return if sent now, sending nothing. */
  simulate(call: ContractCall): Promise<unknown>;
  /** The latest L1 block's timestamp, in seconds. */
  latestTimestamp(): Promise<bigint>;
};

/** A log as both clients give it. */
export type RawLog = { readonly address: Address; readonly topics: readonly Hex[]; readonly data: Hex };

/** L1 transactions from one account. */
export type L1Writer = L1Reader & {
  /** The chain the client is connected to. */
  chainId(): Promise<bigint>;
  /** The sending account; AccountNotFoundError if the client has none. */
  account(): Promise<Address>;
  /** Sends the call, waits for its receipt; TransactionRevertedError if it reverted. */
  write(call: ContractCall): Promise<{ readonly hash: Hex; readonly logs: readonly RawLog[] }>;
};
