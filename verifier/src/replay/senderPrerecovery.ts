import {
  type Address,
  type AddressRef,
  decodeBatch,
  type L2State,
  SECP256K1_HALF_N,
  SECP256K1_N,
  type SenderRecoveryPool,
  type SignedFields,
  type TxRecord,
  txRecordToFields,
} from "@halcyon/protocol";

// Sender recovery is most of a replay's work (~65 µs of ECDSA per transaction). Before a batch runs,
// its transaction records are decoded here and their senders recovered on the worker pool, so the
// state machine (BatchContext.senderAt) finds them ready. A record can be pre-recovered only if its
// signed fields are known before the batch runs, i.e. every address reference in it resolves against
// the state as it is now: a literal address, or an account index that already exists (indices are
// never reassigned, so the machine will resolve it to the same address). Records naming accounts
// created later are left to the machine, which recovers them itself.

/**
 * What the pre-recovery pass prepared, by record offset: senders (an address, or null where the
 * signature recovers no key), and every well-formed record it decoded, so the machine need not
 * decode the batch a second time.
 */
export type PrerecoveredSenders = {
  readonly senders: ReadonlyMap<number, Address | null>;
  readonly records: ReadonlyMap<number, TxRecord>;
};

function resolve(state: L2State, ref: AddressRef): Address | undefined {
  if ("address" in ref) return ref.address;
  if (ref.index > state.accountCount) return undefined;
  return state.peekAddressOfIndex(ref.index);
}

/** Whether (r, s) pass the state transition's range rules (docs/protocol.md §3.4 step 1). */
function inRange(r: bigint, s: bigint): boolean {
  return r !== 0n && r < SECP256K1_N && s !== 0n && s <= SECP256K1_HALF_N;
}

/**
 * Starts recovering the senders of `data`'s transaction records whose references resolve in `state`
 * now. The state is only read, and only before this returns: the caller may run a batch on it while
 * the workers recover.
 */
export function prerecoverSenders(
  pool: SenderRecoveryPool,
  state: L2State,
  data: Uint8Array,
  chainId: bigint,
): Promise<PrerecoveredSenders> {
  const decoded = decodeBatch(data);
  const senders = new Map<number, Address | null>();
  const records = new Map<number, TxRecord>();
  const offsets: number[] = [];
  const txs: SignedFields[] = [];
  for (const block of decoded.blocks) {
    let offset = block.header.next;
    for (const record of block.txs) {
      const at = offset;
      offset = record.next;
      records.set(at, record);
      if (!inRange(record.r, record.s)) {
        senders.set(at, null);
        continue;
      }
      const to = resolve(state, record.to);
      if (to === undefined) continue;
      let recipient: Address | undefined;
      if (record.kind === 1) {
        recipient = resolve(state, record.recipient);
        if (recipient === undefined) continue;
      }
      const fields = txRecordToFields(record, chainId, to, recipient);
      offsets.push(at);
      txs.push({ ...fields, yParity: record.yParity, r: record.r, s: record.s });
    }
  }
  if (txs.length === 0) return Promise.resolve({ senders, records });
  return pool.recoverSenders(txs).then((recovered) => {
    for (let i = 0; i < offsets.length; i++) senders.set(offsets[i]!, recovered[i] ?? null);
    return { senders, records };
  });
}
