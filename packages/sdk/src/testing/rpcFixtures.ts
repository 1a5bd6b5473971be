// The sequencer's rollup_* answers, one per stage, in the shapes of sequencer/src/rpc/methods/rollup*.ts
// and rollupFormat.ts, typed with the SDK's Rpc* types (an object literal may not carry a field the type
// lacks). The unit tests convert them; the devnet test checks that the live answers have the same fields.
import { toHex } from "viem";
import type {
  RpcBatch,
  RpcBatchRecord,
  RpcRollupStatus,
  RpcStateHeader,
  RpcTransactionStatus,
  RpcWithdrawalProof,
} from "../types.ts";

const word = (n: number) => toHex(n, { size: 32 });
const SENDER = "0x90f79bf6eb2c4f870365e785982e1f101e93b906";
const PROPOSER = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

export const TX_HASH = word(0x77);
export const L1_TX_HASH = word(0x78);

export const RECORD = {
  index: "0x2",
  epoch: "0x0",
  dataRoot: word(1),
  parentStateRoot: word(2),
  stateRoot: word(3),
  steps: "0xa",
  queueStart: "0x1",
  queueLimit: "0x3",
  queueApplied: "0x3",
  appendedAt: "0x6740f0a1",
  proposer: PROPOSER,
} as const satisfies RpcBatchRecord;

export const HEADER = {
  treeRoot: word(4),
  withdrawalsRoot: word(5),
  withdrawalCount: "0x1",
  queueApplied: "0x3",
  accountCount: "0x5",
} as const satisfies RpcStateHeader;

const WITHDRAWAL_FIELDS = {
  withdrawal: {
    index: "0x0",
    l2Sender: SENDER,
    l1Recipient: SENDER,
    l1Token: "0x0000000000000000000000000000000000000000",
    amount: "0xde0b6b3a7640000",
  },
  leafHash: word(9),
  transactionHash: TX_HASH,
  l2BlockNumber: "0x1f",
} as const;

/** rollup_getWithdrawalProof at each stage: in an L2 block, in a batch not yet on L1, on L1, final. */
export const WITHDRAWAL_PROOF = {
  inBlock: { ...WITHDRAWAL_FIELDS, batch: null, header: null, siblings: null, finalizable: false },
  inBatch: {
    ...WITHDRAWAL_FIELDS,
    batch: { index: "0x2", l1Status: "pending", recordHash: null, record: null },
    header: HEADER,
    siblings: Array.from({ length: 32 }, (_, i) => word(100 + i)),
    finalizable: false,
  },
  onL1: {
    ...WITHDRAWAL_FIELDS,
    batch: { index: "0x2", l1Status: "posted", recordHash: word(6), record: RECORD },
    header: HEADER,
    siblings: Array.from({ length: 32 }, (_, i) => word(100 + i)),
    finalizable: false,
  },
  final: {
    ...WITHDRAWAL_FIELDS,
    batch: { index: "0x2", l1Status: "final", recordHash: word(6), record: RECORD },
    header: HEADER,
    siblings: Array.from({ length: 32 }, (_, i) => word(100 + i)),
    finalizable: true,
  },
} as const satisfies Record<string, RpcWithdrawalProof>;

/** rollup_getTransactionStatus: in the pool, in a block before its batch, in a posted batch. */
export const TRANSACTION_STATUS = {
  pending: {
    transactionHash: TX_HASH,
    l2Status: "pending",
    blockNumber: null,
    blockHash: null,
    batchIndex: null,
    l1Status: "pending",
    l1TransactionHash: null,
    l1BlockNumber: null,
  },
  included: {
    transactionHash: TX_HASH,
    l2Status: "included",
    blockNumber: "0x1f",
    blockHash: word(0x1f),
    batchIndex: null,
    l1Status: "pending",
    l1TransactionHash: null,
    l1BlockNumber: null,
  },
  posted: {
    transactionHash: TX_HASH,
    l2Status: "included",
    blockNumber: "0x1f",
    blockHash: word(0x1f),
    batchIndex: "0x2",
    l1Status: "posted",
    l1TransactionHash: L1_TX_HASH,
    l1BlockNumber: "0x40",
  },
} as const satisfies Record<string, RpcTransactionStatus>;

const BATCH_FIELDS = {
  index: "0x2",
  firstBlock: "0x1a",
  lastBlock: "0x20",
  steps: "0xa",
  dataRoot: word(1),
  parentStateRoot: word(2),
  stateRoot: word(3),
  header: HEADER,
  queueStart: "0x1",
} as const;

/** rollup_getBatchByIndex: cut but not in an L1 block, then posted. */
export const BATCH = {
  pending: {
    ...BATCH_FIELDS,
    status: "pending",
    l1Status: "pending",
    l1TransactionHash: null,
    l1BlockNumber: null,
    l1BlockHash: null,
    recordHash: null,
    record: null,
  },
  posted: {
    ...BATCH_FIELDS,
    status: "posted",
    l1Status: "posted",
    l1TransactionHash: L1_TX_HASH,
    l1BlockNumber: "0x40",
    l1BlockHash: word(0x40),
    recordHash: word(6),
    record: RECORD,
  },
} as const satisfies Record<string, RpcBatch>;

/** rollup_getStatus: before the L1 side has started, then following L1 with a game open. */
export const ROLLUP_STATUS = {
  withoutL1: {
    l2: { head: "0x0", headHash: word(0x10), safe: "0x0", finalized: "0x0", mempool: 0 },
    batches: { last: null, lastPosted: null, lastFinal: null, unposted: 0 },
    openGames: [],
    l1: null,
  },
  following: {
    l2: { head: "0x20", headHash: word(0x20), safe: "0x20", finalized: "0x19", mempool: 3 },
    batches: { last: "0x2", lastPosted: "0x2", lastFinal: "0x1", unposted: 0 },
    openGames: [{ gameId: "0x0", batchIndex: "0x2", challenger: SENDER, lo: 0, hi: 10 }],
    l1: { headBlock: "0x41", followedBlock: "0x40", queueLength: "0x3", halted: null },
  },
} as const satisfies Record<string, RpcRollupStatus>;

/**
 * The field names of a JSON value, nested (an array by its first item): what two answers of the same
 * stage share whatever their values. A null and a scalar are alike here; the converters check values.
 */
export function fieldsOf(value: unknown): unknown {
  if (value === null || typeof value !== "object") return "value";
  if (Array.isArray(value)) return value.length === 0 ? [] : [fieldsOf(value[0])];
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, fieldsOf((value as Record<string, unknown>)[key])]),
  );
}
