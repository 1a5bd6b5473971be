import { type BatchRecord, type L1PublicClient, rollupAbi } from "@halcyon/node-common";
import {
  bytesToHex,
  computeDataRoot,
  GENESIS_HEADER,
  hexToBytes,
  MAX_BATCH_BYTES,
  stateRootOf,
} from "@halcyon/protocol";
import {
  type Address,
  decodeFunctionData,
  getAddress,
  type Hex,
  isAddressEqual,
  MethodNotFoundRpcError,
  MethodNotSupportedRpcError,
  toFunctionSelector,
} from "viem";
import { CriticalError } from "../errors.ts";
import { type AbiStateHeader, hashBatchRecord, headerFromAbi } from "./batchRecord.ts";
import type { BatchAppendedLog } from "./l1Retrieval.ts";
import type { DerivedBatch } from "./types.ts";

// Stage 3b of the derivation: rebuilds each batch announced by BatchAppended from the calldata of the
// transaction that appended it, and checks it against the record the Rollup emitted: the data must
// hash to the record's dataRoot (docs/protocol.md §6.2), the step count and header must be those of the
// record, and the record must hash to the stored record hash.
//
// A call made directly to the Rollup is decoded from the transaction's input. A batch appended through
// another contract (a multisig, a batching contract) is not visible in the transaction's input: its
// calldata is found with debug_traceTransaction's callTracer (the successful CALL frames to the Rollup
// with appendBatch's selector, outside reverted subtrees, in execution order, matched one to one with
// the transaction's BatchAppended logs). An L1 node without that method cannot serve such a batch: the
// verifier stops with a critical error that says so, rather than skip a batch it cannot see.

const APPEND_SELECTOR = toFunctionSelector(
  "appendBatch(bytes,uint256,(bytes32,bytes32,uint64,uint64,uint64),bytes32,(bytes32,uint64))",
);

type CallFrame = {
  readonly type?: string;
  readonly to?: string;
  readonly input?: string;
  readonly error?: string;
  readonly calls?: readonly CallFrame[];
};

type AppendCall = {
  readonly data: Uint8Array;
  readonly steps: bigint;
  readonly header: AbiStateHeader;
  readonly expectedParentStateRoot: Hex;
};

export type BatchDataStageOptions = {
  readonly client: L1PublicClient;
  readonly rollup: Address;
  /** Batch 0 from the deployment file: emitted by the Rollup's constructor, with no data. */
  readonly genesis: { readonly recordHash: Hex; readonly record: BatchRecord };
};

function decodeAppendCall(input: Hex, where: Record<string, string | bigint>): AppendCall {
  let decoded: ReturnType<typeof decodeFunctionData<typeof rollupAbi>>;
  try {
    decoded = decodeFunctionData({ abi: rollupAbi, data: input });
  } catch (cause) {
    throw new CriticalError("cannot decode the calldata of an appendBatch call", { cause, details: where });
  }
  if (decoded.functionName !== "appendBatch") {
    throw new CriticalError(`expected an appendBatch call, found ${decoded.functionName}`, {
      details: where,
    });
  }
  const [data, steps, header, expectedParentStateRoot] = decoded.args;
  return { data: hexToBytes(data), steps, header, expectedParentStateRoot };
}

/** The successful appendBatch calls to `rollup` in a call tree, in execution order. */
function appendCallsInTrace(frame: CallFrame, rollup: Address, out: Hex[]): void {
  if (frame.error !== undefined) return; // a reverted frame's effects, and its children's, are gone
  if (
    (frame.type ?? "CALL") === "CALL" &&
    frame.to !== undefined &&
    isAddressEqual(frame.to as Address, rollup) &&
    frame.input?.toLowerCase().startsWith(APPEND_SELECTOR)
  ) {
    out.push(frame.input as Hex);
  }
  for (const child of frame.calls ?? []) appendCallsInTrace(child, rollup, out);
}

function sameRecord(a: BatchRecord, b: BatchRecord): boolean {
  return hashBatchRecord(a) === hashBatchRecord(b);
}

export class BatchDataStage {
  readonly #client: L1PublicClient;
  readonly #rollup: Address;
  readonly #genesis: BatchDataStageOptions["genesis"];

  constructor(options: BatchDataStageOptions) {
    this.#client = options.client;
    this.#rollup = getAddress(options.rollup);
    this.#genesis = options.genesis;
  }

  /** The batches of `logs` (BatchAppended, in L1 order), each rebuilt and checked. */
  async nextBatches(logs: readonly BatchAppendedLog[]): Promise<DerivedBatch[]> {
    const byTx = new Map<Hex, BatchAppendedLog[]>();
    for (const log of logs) {
      if (log.args.index === 0n) continue;
      const group = byTx.get(log.transactionHash);
      if (group === undefined) byTx.set(log.transactionHash, [log]);
      else group.push(log);
    }
    const calls = new Map<Hex, AppendCall[]>();
    await Promise.all(
      [...byTx.entries()].map(async ([hash, group]) => {
        const found = await this.#appendCalls(hash);
        if (found.length !== group.length) {
          throw new CriticalError("a transaction's BatchAppended logs and appendBatch calls do not pair up", {
            details: { tx: hash, logs: group.length, calls: found.length },
          });
        }
        calls.set(hash, found);
      }),
    );
    const used = new Map<Hex, number>();
    return logs.map((log) => {
      if (log.args.index === 0n) return this.#genesisBatch(log);
      const k = used.get(log.transactionHash) ?? 0;
      used.set(log.transactionHash, k + 1);
      return this.#checked(log, calls.get(log.transactionHash)![k]!);
    });
  }

  #genesisBatch(log: BatchAppendedLog): DerivedBatch {
    const record: BatchRecord = { ...log.args.record };
    const header = headerFromAbi(log.args.header);
    if (
      log.args.recordHash !== this.#genesis.recordHash ||
      !sameRecord(record, this.#genesis.record) ||
      bytesToHex(stateRootOf(header)) !== bytesToHex(stateRootOf(GENESIS_HEADER)) ||
      record.stateRoot !== bytesToHex(stateRootOf(GENESIS_HEADER))
    ) {
      throw new CriticalError("the Rollup's genesis batch is not the deployment file's Halcyon genesis", {
        details: { recordHash: log.args.recordHash, expected: this.#genesis.recordHash },
      });
    }
    return {
      kind: "batch",
      recordHash: log.args.recordHash,
      record,
      header,
      data: new Uint8Array(0),
      l1TxHash: log.transactionHash,
      l1Block: log.blockNumber,
      l1BlockHash: log.blockHash,
      logIndex: log.logIndex,
    };
  }

  #checked(log: BatchAppendedLog, call: AppendCall): DerivedBatch {
    const record: BatchRecord = { ...log.args.record };
    const header = headerFromAbi(log.args.header);
    const details = { batch: record.index, tx: log.transactionHash, l1Block: log.blockNumber };
    const fail = (what: string): never => {
      throw new CriticalError(`batch ${record.index}: ${what}`, { details });
    };
    if (hashBatchRecord(record) !== log.args.recordHash)
      fail("the emitted record does not hash to its record hash");
    if (call.data.length === 0 || call.data.length > MAX_BATCH_BYTES) fail("data length out of range");
    if (bytesToHex(computeDataRoot(call.data)) !== record.dataRoot) {
      fail("computeDataRoot(calldata) differs from the record's dataRoot");
    }
    if (call.steps !== BigInt(record.steps)) fail("the calldata's step count differs from the record's");
    if (
      call.header.treeRoot !== log.args.header.treeRoot ||
      call.header.withdrawalsRoot !== log.args.header.withdrawalsRoot ||
      call.header.withdrawalCount !== log.args.header.withdrawalCount ||
      call.header.queueApplied !== log.args.header.queueApplied ||
      call.header.accountCount !== log.args.header.accountCount
    ) {
      fail("the calldata's header differs from the emitted header");
    }
    if (bytesToHex(stateRootOf(header)) !== record.stateRoot)
      fail("the header does not hash to the record's stateRoot");
    if (header.queueApplied !== record.queueApplied)
      fail("the header's queueApplied differs from the record's");
    if (call.expectedParentStateRoot !== record.parentStateRoot)
      fail("the calldata's parent root differs from the record's");
    return {
      kind: "batch",
      recordHash: log.args.recordHash,
      record,
      header,
      data: call.data,
      l1TxHash: log.transactionHash,
      l1Block: log.blockNumber,
      l1BlockHash: log.blockHash,
      logIndex: log.logIndex,
    };
  }

  async #appendCalls(hash: Hex): Promise<AppendCall[]> {
    const tx = await this.#client.getTransaction({ hash });
    const where = { tx: hash };
    if (tx.to !== null && tx.to !== undefined && isAddressEqual(tx.to, this.#rollup)) {
      return [decodeAppendCall(tx.input, where)];
    }
    let trace: CallFrame;
    try {
      trace = (await this.#client.request({
        method: "debug_traceTransaction",
        params: [hash, { tracer: "callTracer" }],
      } as never)) as CallFrame;
    } catch (cause) {
      if (cause instanceof MethodNotFoundRpcError || cause instanceof MethodNotSupportedRpcError) {
        throw new CriticalError(
          "a batch was appended through a contract: its data is only visible with debug_traceTransaction, which this L1 node does not serve",
          { cause, details: { ...where, via: tx.to ?? "contract creation" } },
        );
      }
      throw cause;
    }
    const inputs: Hex[] = [];
    appendCallsInTrace(trace, this.#rollup, inputs);
    return inputs.map((input) => decodeAppendCall(input, where));
  }
}
