import { type Address, bytesToHex, type Hex, type SignedTransaction } from "@halcyon/protocol";
import { logsBloomOf } from "../chain/logsBloom.ts";
import {
  BLOCK_GAS_LIMIT,
  type BlockHeader,
  type BlockLog,
  type IncludedTransaction,
} from "../chain/sealedBlock.ts";

// Response shapes of the Ethereum execution API (hex QUANTITY without leading zeros, DATA as hex),
// with every field wallets and libraries read.

export function toQuantity(value: bigint | number): Hex {
  return `0x${value.toString(16)}`;
}

const ZERO32: Hex = `0x${"00".repeat(32)}`;
/** keccak(rlp([])): the uncles hash of a block without uncles. */
const EMPTY_UNCLES_HASH: Hex = "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347";

export type RpcBlockHeader = Record<string, unknown>;

/** The header fields of a block object (eth_getBlockBy*, newHeads). `miner` is the fee vault. */
export function formatHeader(header: BlockHeader, feeVault: Address): RpcBlockHeader {
  return {
    number: toQuantity(header.number),
    hash: header.hash,
    parentHash: header.parentHash,
    nonce: "0x0000000000000000",
    sha3Uncles: EMPTY_UNCLES_HASH,
    logsBloom: header.logsBloom,
    transactionsRoot: header.transactionsHash,
    stateRoot: header.stateRoot,
    receiptsRoot: header.receiptsRoot,
    miner: feeVault,
    difficulty: "0x0",
    totalDifficulty: "0x0",
    extraData: "0x",
    size: toQuantity(header.size),
    gasLimit: toQuantity(BLOCK_GAS_LIMIT),
    gasUsed: toQuantity(header.gasUsed),
    timestamp: toQuantity(header.timestamp),
    baseFeePerGas: toQuantity(header.baseFee),
    mixHash: ZERO32,
  };
}

/** Where an included transaction sits; absent for a pending one. */
export type TxLocation = { readonly blockHash: Hex; readonly blockNumber: bigint; readonly index: number };

/**
 * A transaction object. `gasPrice` is the effective price once included (the fee cap while
 * pending), as geth reports it.
 */
export function formatTransaction(
  tx: SignedTransaction,
  sender: Address,
  location: TxLocation | undefined,
  effectiveGasPrice: bigint | undefined,
): Record<string, unknown> {
  const common = {
    blockHash: location?.blockHash ?? null,
    blockNumber: location === undefined ? null : toQuantity(location.blockNumber),
    transactionIndex: location === undefined ? null : toQuantity(location.index),
    hash: tx.hash,
    from: sender,
    to: tx.to,
    nonce: toQuantity(tx.nonce),
    gas: toQuantity(tx.gasLimit),
    value: toQuantity(tx.value),
    input: bytesToHex(tx.data),
    chainId: toQuantity(tx.chainId),
    r: toQuantity(tx.r),
    s: toQuantity(tx.s),
  };
  if (tx.type === 2) {
    return {
      ...common,
      type: "0x2",
      gasPrice: toQuantity(effectiveGasPrice ?? tx.maxFeePerGas),
      maxFeePerGas: toQuantity(tx.maxFeePerGas),
      maxPriorityFeePerGas: toQuantity(tx.maxPriorityFeePerGas),
      accessList: [],
      v: toQuantity(tx.yParity),
      yParity: toQuantity(tx.yParity),
    };
  }
  return {
    ...common,
    type: "0x0",
    gasPrice: toQuantity(tx.maxFeePerGas),
    v: toQuantity(tx.chainId * 2n + 35n + BigInt(tx.yParity)),
  };
}

export function formatIncludedTransaction(
  header: BlockHeader,
  included: IncludedTransaction,
): Record<string, unknown> {
  return formatTransaction(
    included.tx,
    included.sender,
    { blockHash: header.hash, blockNumber: header.number, index: included.index },
    included.effectiveGasPrice,
  );
}

export function formatLog(log: BlockLog, blockNumber: bigint, blockHash: Hex): Record<string, unknown> {
  return {
    address: log.address,
    topics: log.topics,
    data: log.data,
    blockNumber: toQuantity(blockNumber),
    blockHash,
    transactionHash: log.transactionHash,
    transactionIndex: toQuantity(log.transactionIndex),
    logIndex: toQuantity(log.logIndex),
    removed: false,
  };
}

export function formatReceipt(header: BlockHeader, included: IncludedTransaction): Record<string, unknown> {
  return {
    transactionHash: included.tx.hash,
    transactionIndex: toQuantity(included.index),
    blockHash: header.hash,
    blockNumber: toQuantity(header.number),
    from: included.sender,
    to: included.tx.to,
    cumulativeGasUsed: toQuantity(included.cumulativeGasUsed),
    gasUsed: toQuantity(included.gasUsed),
    effectiveGasPrice: toQuantity(included.effectiveGasPrice),
    contractAddress: null,
    logs: included.logs.map((log) => formatLog(log, header.number, header.hash)),
    logsBloom: logsBloomOf(included.logs),
    status: toQuantity(included.status),
    type: included.tx.type === 2 ? "0x2" : "0x0",
  };
}

/** A block object: transactions as hashes, or whole (`full`). */
export function formatBlock(
  header: BlockHeader,
  transactions: readonly IncludedTransaction[],
  full: boolean,
  feeVault: Address,
): Record<string, unknown> {
  return {
    ...formatHeader(header, feeVault),
    transactions: full
      ? transactions.map((t) => formatIncludedTransaction(header, t))
      : transactions.map((t) => t.tx.hash),
    uncles: [],
  };
}
