// Random batches for the differential test of the StepVerifier: blocks of transactions of every kind and
// outcome (valid and invalid, ETH and token transfers, withdrawals, unknown calls, fee edge cases, first
// touches of new accounts, legacy and EIP-1559), L1 queue entries (ETH and ERC-20 deposits, first token
// registrations, forced transactions valid and invalid), and malformed data (truncation, byte mutations).
//
// The generator sequences each batch on a scratch copy of the chain's state, as a sequencer would (so
// nonces and balances are right and most transactions do what they are meant to), and encodes it with the
// protocol package's batch encoder. It does not run the batch: the test replays the data through the
// protocol's BatchMachine, which is the reference.
import type { Address } from "../../../packages/protocol/src/bytes.ts";
import { createBatchEncoder } from "../../../packages/protocol/src/codec/batchEncoder.ts";
import { decodeBatch } from "../../../packages/protocol/src/codec/decodeBatch.ts";
import type { EncodableTx } from "../../../packages/protocol/src/codec/txRecordWriter.ts";
import type { ChainConfig } from "../../../packages/protocol/src/config.ts";
import {
  L2_BRIDGE_ADDRESS,
  MAX_ENCODABLE_FEE,
  MAX_TX_DATA_BYTES,
  MIN_BASE_FEE,
} from "../../../packages/protocol/src/constants.ts";
import type { L2State } from "../../../packages/protocol/src/state/l2State.ts";
import type { QueueEntry } from "../../../packages/protocol/src/state/queueEntry.ts";
import { tokenBalanceKey } from "../../../packages/protocol/src/state/stateKeys.ts";
import { applyQueueEntry } from "../../../packages/protocol/src/stf/applyQueueEntry.ts";
import { applyTransaction, type SignedFields } from "../../../packages/protocol/src/stf/applyTransaction.ts";
import { encodingHints } from "../../../packages/protocol/src/stf/encodingHints.ts";
import { recoverTxSender } from "../../../packages/protocol/src/stf/recoverTxSender.ts";
import { requiredGas } from "../../../packages/protocol/src/stf/requiredGas.ts";
import {
  GWEI,
  ONE_ETH,
  type TestWallet,
  testWallet,
} from "../../../packages/protocol/src/testing/fixtures.ts";
import { l2TokenAddress } from "../../../packages/protocol/src/tokenAddress.ts";
import { decodeTransaction } from "../../../packages/protocol/src/tx/decodeTransaction.ts";
import { encodeSignedTransaction } from "../../../packages/protocol/src/tx/signingHash.ts";
import { signTransactionForTest } from "../../../packages/protocol/src/tx/testing.ts";
import {
  SECP256K1_HALF_N,
  SECP256K1_N,
  type TransactionFields,
} from "../../../packages/protocol/src/tx/transaction.ts";
import type { Rng } from "../libraries/helpers.ts";

/** A queue entry the test must make on L1 (through the real Bridge) before the batch is replayed. */
export type QueueRequest =
  | { readonly kind: "eth-deposit"; readonly sender: number; readonly to: Address; readonly amount: bigint }
  | {
      readonly kind: "erc20-deposit";
      readonly sender: number;
      readonly to: Address;
      readonly l1Token: Address;
      readonly amount: bigint;
    }
  | { readonly kind: "forced-transaction"; readonly sender: number; readonly raw: Uint8Array };

export type PlannedBatch = {
  readonly data: Uint8Array;
  /** New queue entries, in queue order, that must exist on L1 before the batch is appended. */
  readonly requests: QueueRequest[];
  /** Steps that apply everything the encoder wrote (more may follow if a mutation says so). */
  readonly encodedSteps: number;
  /** What was done to the data after encoding: "none", "truncate", "mutate", "version", "dictCount". */
  readonly mutation: string;
};

export type GeneratorOptions = {
  readonly config: ChainConfig;
  /** The L1 accounts that make queue entries (entry `from`), by request `sender` index. */
  readonly l1Senders: readonly Address[];
  /** L1 tokens the test can deposit (the first deposit of each registers it on L2). */
  readonly l1Tokens: readonly Address[];
};

const TRANSFER_SELECTOR = "a9059cbb";
const WITHDRAW_SELECTOR = "2e1a7d4d";
const ZERO_ADDRESS: Address = "0x0000000000000000000000000000000000000000";

function word(value: bigint): string {
  return value.toString(16).padStart(64, "0");
}

function hexData(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex, "hex"));
}

function transferData(to: Address, amount: bigint): Uint8Array {
  return hexData(`${TRANSFER_SELECTOR}${word(BigInt(to))}${word(amount)}`);
}

function withdrawData(amount: bigint): Uint8Array {
  return hexData(`${WITHDRAW_SELECTOR}${word(amount)}`);
}

type Block = { readonly priceBase: bigint; readonly baseFee: bigint };

/** An encodable transaction and whether the sequencer copy should apply it (false: known invalid). */
type PlannedTx = { readonly tx: SignedFields; readonly hints?: EncodableHints; readonly apply: boolean };
type EncodableHints = { toIndex?: bigint; recipientIndex?: bigint };

export class ScenarioGenerator {
  readonly #rng: Rng;
  readonly #options: GeneratorOptions;
  /** L2 wallets that may hold funds: the first ones are funded at the start, fresh ones join later. */
  readonly #wallets: TestWallet[] = [];
  #freshWallets = 0;
  #batchTimestamp = 1_800_000_000n;
  #batchNumber = 0;
  /** L1 tokens that have had a deposit (registered on L2 once it is applied). */
  readonly #depositedTokens = new Set<Address>();
  /** An L2 address funded near 2^127 wei by huge deposits; never used again (its balance could overflow). */
  #overflowTarget: Address | undefined;

  constructor(rng: Rng, options: GeneratorOptions) {
    this.#rng = rng;
    this.#options = options;
    for (let i = 0; i < 20; i++) this.#wallets.push(testWallet(100 + i));
  }

  /**
   * Plans the next batch on `seq`, a scratch copy of the chain's state (changed in place). `entries` is
   * the whole L1 queue so far (`seq.queueApplied` of them applied); the new entries the batch adds get
   * the next queue indices.
   */
  planBatch(seq: L2State, entries: readonly QueueEntry[]): PlannedBatch {
    const rng = this.#rng;
    const bootstrap = this.#batchNumber === 0;
    this.#batchNumber++;
    this.#batchTimestamp += BigInt(rng.int(100));
    const encoder = createBatchEncoder(this.#batchTimestamp);
    const requests: QueueRequest[] = [];
    let nextQueueIndex = BigInt(entries.length);
    let pending: QueueEntry[] = entries.slice(Number(seq.queueApplied));
    const blockCount = bootstrap ? 1 : 1 + rng.int(rng.chance(0.2) ? 8 : 4);
    const dictionaryHeavy = rng.chance(0.1);
    let timestamp = this.#batchTimestamp;

    for (let b = 0; b < blockCount; b++) {
      const last = b === blockCount - 1;
      timestamp += BigInt(rng.int(3));
      const baseFee = this.#pickBaseFee();
      const block: Block = { baseFee, priceBase: baseFee > MIN_BASE_FEE ? baseFee : MIN_BASE_FEE };

      // Queue entries: the pending ones first (some may be left for later), then new ones.
      const fresh: QueueEntry[] = [];
      const topUps = bootstrap ? [] : this.#topUps(seq);
      const newCount = bootstrap ? 0 : rng.chance(0.45) ? 1 + rng.int(3) : 0;
      const applyOld = rng.chance(0.8) ? pending.length : rng.int(pending.length + 1);
      const toApply = pending.slice(0, applyOld);
      pending = pending.slice(applyOld);
      for (const entry of toApply) applyQueueEntry(seq, entry, this.#options.config);
      const bootstrapRequests = bootstrap ? this.#bootstrapRequests() : topUps;
      for (let i = 0; i < newCount + bootstrapRequests.length; i++) {
        const request = bootstrapRequests[i] ?? this.#queueRequest(seq);
        const entry = this.#entryOf(request, nextQueueIndex++);
        requests.push(request);
        fresh.push(entry);
      }
      // New entries are applied in queue order, after every older one; in the last block some may stay
      // in the queue for a later batch.
      const keepForLater = last && !bootstrap && fresh.length > 0 && rng.chance(0.25) ? 1 : 0;
      const appliedFresh = pending.length > 0 ? [] : fresh.slice(0, fresh.length - keepForLater);
      for (const entry of appliedFresh) applyQueueEntry(seq, entry, this.#options.config);
      pending = [...pending, ...fresh.slice(appliedFresh.length)];
      let queueCount = BigInt(toApply.length + appliedFresh.length);
      // Declaring more than the queue holds: the machine applies what is there (queueLimit caps it).
      if (last && pending.length === 0 && rng.chance(0.1)) queueCount += BigInt(1 + rng.int(5));
      encoder.addBlock({ timestamp, baseFee, queueCount });

      const txCount = bootstrap ? 0 : rng.int(dictionaryHeavy ? 60 : rng.chance(0.15) ? 30 : 12);
      for (let t = 0; t < txCount; t++) {
        const planned = this.#transaction(seq, block, dictionaryHeavy);
        if (planned === undefined) continue;
        const { chainId: _chainId, ...fields } = planned.tx;
        const encodable: EncodableTx = {
          ...fields,
          ...(planned.hints ?? encodingHints(seq, planned.tx)),
        };
        if (!encoder.canAddTx(encodable, 100_000)) break;
        encoder.addTx(encodable);
        if (planned.apply)
          applyTransaction(
            seq,
            planned.tx,
            recoverTxSender(planned.tx),
            block.priceBase,
            this.#options.config,
          );
      }
    }
    this.#batchTimestamp = timestamp;
    const encoded = encoder.finish();
    const { data, mutation } = this.#mutate(encoded, bootstrap);
    return { data, requests, encodedSteps: encoder.stepCount, mutation };
  }

  // -------------------------------------------------------------------------------------------------------
  // Blocks and data

  #pickBaseFee(): bigint {
    const rng = this.#rng;
    if (rng.chance(0.03)) return 1n << 100n; // every transaction's maxFee is below it
    switch (rng.int(10)) {
      case 0:
        return 0n; // raised to MIN_BASE_FEE
      case 1:
        return MIN_BASE_FEE;
      case 2:
        return MIN_BASE_FEE + 1n;
      case 3:
        return 3n * GWEI;
      default:
        return GWEI + BigInt(rng.int(1000)) * 1_000_000n;
    }
  }

  #mutate(data: Uint8Array, bootstrap: boolean): { data: Uint8Array; mutation: string } {
    const rng = this.#rng;
    if (bootstrap) return { data, mutation: "none" };
    const roll = rng.int(100);
    if (roll < 8 && data.length > 1) {
      return { data: data.slice(0, 1 + rng.int(data.length - 1)), mutation: "truncate" };
    }
    if (roll < 18) {
      const out = data.slice();
      const flips = 1 + rng.int(3);
      for (let i = 0; i < flips; i++) {
        const at = 10 + rng.int(Math.max(1, out.length - 10));
        if (at < out.length) out[at] = rng.chance(0.5) ? rng.int(256) : out[at]! ^ (1 << rng.int(8));
      }
      return { data: out, mutation: "mutate" };
    }
    if (roll < 20) {
      const out = data.slice();
      out[0] = rng.chance(0.5) ? 0 : 2;
      return { data: out, mutation: "version" };
    }
    if (roll < 22 && data.length > 9) {
      const out = data.slice();
      out[9] = 255; // a dictionary that runs past the end of a short batch
      return { data: out, mutation: "dictCount" };
    }
    if (roll < 34) {
      // A well-formed batch with a malformed block appended (every case the readers refuse, by hand).
      const dictCount = data[9]!;
      const tails: number[][] = [
        [0x00, 0x11, 0x01, ...new Array(16).fill(0), 0x00, 0x00], // base fee 2^128
        [0x00, 0x41, 0x00, 0x01, 0x00, 0x00], // compact exponent 0
        [0x00, 0x41, 78, 0x01, 0x00, 0x00], // compact exponent 78
        [0x00, 0x60, 77, ...new Array(32).fill(0xff), 0x00, 0x00], // compact >= 2^256
        [0x00, 0x02, 0x00, 0x01, 0x00, 0x00], // compact mantissa with a leading zero
        [0xfa, 0x00, 0x00, 0x00], // varuint first byte 0xFA
        [0x00, 0x00, 0xf8, 0, 0, 0, 0, 0, 0, 0, 1, 0x00], // 9-byte varuint below 2^35
      ];
      if (dictCount > 0) {
        tails.push(
          [0x00, 0x00, 0x00, 0x01, 0x60, 0x00, 0x01, 0x00, 0x84, 0x01], // kind-3 data of 1025 bytes
          [0x00, 0x00, 0x00, 0x01, 0x1f, 0x05], // fee index escape followed by 5
          [0x00, 0x00, 0x00, 0x01, 0x1f, 0xff], // fee index 255 >= dictCount
          [0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x01], // a record cut short
        );
      }
      const tail = pick(rng, tails);
      const out = new Uint8Array(data.length + tail.length);
      out.set(data);
      out.set(tail, data.length);
      return { data: out, mutation: "tail" };
    }
    if (roll < 36 && data[9]! > 0) {
      const out = data.slice();
      out[10 + 37 * rng.int(data[9]!)] = pick(rng, [1, 3, 0xff]); // a fee entry of another type
      return { data: out, mutation: "feeType" };
    }
    if (roll < 42) {
      // A byte at or just after the start of a block header or record, set to a value that starts a
      // malformed field more often than not (bad varuint or compact prefixes, odd tags).
      const units = unitOffsets(data);
      if (units.length === 0) return { data, mutation: "none" };
      const out = data.slice();
      const at = units[rng.int(units.length)]! + rng.int(4);
      if (at < out.length)
        out[at] = pick(
          rng,
          [0xf9, 0xff, 0x80, 0xc0, 0xe0, 0xf0, 0xf8, 0x21, 0x41, 0x60, 0x1f, 0x3f, 0x7f, 0x00, 0x20],
        );
      return { data: out, mutation: "targeted" };
    }
    return { data, mutation: "none" };
  }

  // -------------------------------------------------------------------------------------------------------
  // Queue entries

  #bootstrapRequests(): QueueRequest[] {
    const out: QueueRequest[] = this.#wallets.map((w, i) => ({
      kind: "eth-deposit",
      sender: i % this.#options.l1Senders.length,
      to: w.address,
      amount: 10n * ONE_ETH + BigInt(i),
    }));
    const token = this.#options.l1Tokens[0]!;
    this.#depositedTokens.add(token);
    for (let i = 0; i < 8; i++) {
      out.push({
        kind: "erc20-deposit",
        sender: i % this.#options.l1Senders.length,
        to: this.#wallets[i]!.address,
        l1Token: token,
        amount: 1_000_000n * BigInt(i + 1),
      });
    }
    return out;
  }

  /** ETH deposits for a few wallets that ran low, so that most transactions stay affordable. */
  #topUps(seq: L2State): QueueRequest[] {
    const rng = this.#rng;
    const out: QueueRequest[] = [];
    for (const wallet of this.#wallets.slice(0, 20)) {
      if (out.length >= 2 || seq.peekAccount(wallet.address).balance >= ONE_ETH / 2n || !rng.chance(0.3))
        continue;
      out.push({
        kind: "eth-deposit",
        sender: rng.int(this.#options.l1Senders.length),
        to: wallet.address,
        amount: 5n * ONE_ETH,
      });
    }
    return out;
  }

  #entryOf(request: QueueRequest, queueIndex: bigint): QueueEntry {
    const from = this.#options.l1Senders[request.sender]!;
    // The timestamp is the L1 block's; it does not touch the state, so a placeholder does here.
    const base = { queueIndex, from, l1Timestamp: 0n };
    switch (request.kind) {
      case "eth-deposit":
        return { ...base, kind: "eth-deposit", to: request.to, amount: request.amount };
      case "erc20-deposit":
        return {
          ...base,
          kind: "erc20-deposit",
          to: request.to,
          l1Token: request.l1Token,
          amount: request.amount,
        };
      case "forced-transaction":
        return { ...base, kind: "forced-transaction", tx: forcedFields(request.raw, this.#options.config) };
    }
  }

  #queueRequest(seq: L2State): QueueRequest {
    const rng = this.#rng;
    const sender = rng.int(this.#options.l1Senders.length);
    const roll = rng.int(100);
    if (roll < 30) {
      let amount = BigInt(1 + rng.int(1_000_000)) * 10n ** BigInt(rng.int(13));
      let to = this.#recipient(seq);
      if (rng.chance(0.03)) {
        // Toward the 2^128 balance cap: the second such deposit to one address is not applied.
        this.#overflowTarget ??= this.#freshAddress();
        to = this.#overflowTarget;
        amount = (1n << 127n) + 1n;
      }
      return { kind: "eth-deposit", sender, to, amount };
    }
    if (roll < 55) {
      const tokens = this.#options.l1Tokens;
      const l1Token = rng.chance(0.1) ? tokens[rng.int(tokens.length)]! : this.#someDepositedToken();
      this.#depositedTokens.add(l1Token);
      return {
        kind: "erc20-deposit",
        sender,
        to: rng.chance(0.3) ? this.#freshAddress() : this.#recipient(seq),
        l1Token,
        amount: 1n + BigInt(rng.int(5_000_000)),
      };
    }
    return { kind: "forced-transaction", sender, raw: this.#forcedRaw(seq) };
  }

  #someDepositedToken(): Address {
    const list = [...this.#depositedTokens];
    return list[this.#rng.int(list.length)]!;
  }

  /** A forced transaction, valid or not, in a form the Bridge accepts (canonical, low-s, tip <= maxFee). */
  #forcedRaw(seq: L2State): Uint8Array {
    const rng = this.#rng;
    const wallet = this.#funded(seq);
    const account = seq.peekAccount(wallet.address);
    const legacy = rng.chance(0.3);
    const maxFee = pick(rng, [MIN_BASE_FEE, MIN_BASE_FEE * 3n, GWEI]);
    let fields: TransactionFields = {
      type: legacy ? 0 : 2,
      chainId: this.#options.config.chainId,
      nonce: account.nonce,
      maxPriorityFeePerGas: legacy ? maxFee : rng.chance(0.5) ? 0n : maxFee / 2n,
      maxFeePerGas: maxFee,
      gasLimit: 21_000n,
      to: this.#recipient(seq),
      value: BigInt(rng.int(1000)) * 10n ** 12n,
      data: new Uint8Array(0),
    };
    switch (rng.int(12)) {
      case 0:
        fields = { ...fields, nonce: fields.nonce + 1n };
        break;
      case 1:
        fields = { ...fields, value: account.balance + 1n };
        break;
      case 2:
        fields = {
          ...fields,
          maxFeePerGas: MIN_BASE_FEE - 1n,
          maxPriorityFeePerGas: legacy ? MIN_BASE_FEE - 1n : 0n,
        };
        break;
      case 3: // 256-bit fees: gasLimit * maxFee does not fit a word
        fields = { ...fields, type: 2, maxFeePerGas: (1n << 255n) + 7n, maxPriorityFeePerGas: 1n };
        break;
      case 4:
        fields = { ...fields, gasLimit: (1n << 64n) - 1n };
        break;
      case 5:
        fields = { ...fields, to: L2_BRIDGE_ADDRESS, gasLimit: 50_000n, value: 1n + BigInt(rng.int(1000)) };
        break;
      case 6: {
        const token = this.#tokenAddress();
        const balance = seq.peekWord(tokenBalanceKey(token, wallet.address));
        fields = {
          ...fields,
          to: token,
          value: 0n,
          data: transferData(this.#recipient(seq), balance / 2n),
          gasLimit: requiredGas(token, 68),
        };
        break;
      }
      case 7: {
        const data = Uint8Array.from(this.#rng.bytes(MAX_TX_DATA_BYTES));
        fields = { ...fields, data, gasLimit: requiredGas(fields.to, data.length) };
        break;
      }
      case 8:
        fields = { ...fields, gasLimit: 20_999n };
        break;
      default:
        break;
    }
    const signed = signTransactionForTest(fields, wallet.privateKey);
    if (rng.chance(0.08)) {
      // A signature in range that recovers another key, or none.
      const tx = { ...signed.tx, r: 1n + rng.bigint(250), s: 1n + rng.bigint(250) };
      return encodeSignedTransaction(tx);
    }
    return signed.raw;
  }

  // -------------------------------------------------------------------------------------------------------
  // Accounts

  #freshAddress(): Address {
    const wallet = testWallet(10_000 + this.#freshWallets++);
    // Fresh wallets can sign later, once something funded them.
    this.#wallets.push(wallet);
    return wallet.address;
  }

  /** A wallet with some ETH (a funded one if any). */
  #funded(seq: L2State): TestWallet {
    const rng = this.#rng;
    for (let attempt = 0; attempt < 8; attempt++) {
      const w = this.#wallets[rng.int(this.#wallets.length)]!;
      if (w.address !== this.#overflowTarget && seq.peekAccount(w.address).balance > ONE_ETH / 100n) return w;
    }
    return this.#wallets[rng.int(20)]!;
  }

  /** Where a transfer or deposit goes: mostly known wallets, sometimes a new account or the fee vault. */
  #recipient(seq: L2State): Address {
    const rng = this.#rng;
    const roll = rng.int(100);
    if (roll < 12) return this.#freshAddress();
    if (roll < 15) return this.#options.config.feeVault;
    if (roll < 17) return `0x${Buffer.from(rng.bytes(20)).toString("hex")}`;
    const w = this.#funded(seq);
    return w.address;
  }

  #tokenAddress(): Address {
    const rng = this.#rng;
    if (rng.chance(0.08)) {
      // Unregistered: a token address nobody deposited (or a random one with the prefix).
      return rng.chance(0.5)
        ? l2TokenAddress(`0x${Buffer.from(rng.bytes(20)).toString("hex")}`)
        : `0x4a1c7070${Buffer.from(rng.bytes(16)).toString("hex")}`;
    }
    return l2TokenAddress(this.#someDepositedToken());
  }

  // -------------------------------------------------------------------------------------------------------
  // Transactions

  /** Fee fields for a transaction in a block: usually valid, the fee edge cases now and then. */
  #fees(block: Block, legacy: boolean): Pick<TransactionFields, "maxFeePerGas" | "maxPriorityFeePerGas"> {
    const rng = this.#rng;
    const base = block.priceBase > 1n << 64n ? GWEI : block.priceBase;
    let maxFee: bigint;
    switch (rng.int(6)) {
      case 0:
        maxFee = base; // maxFee == base fee
        break;
      case 1:
        maxFee = base * 2n;
        break;
      default:
        maxFee = base * 4n + BigInt(rng.int(1000));
    }
    if (legacy) return { maxFeePerGas: maxFee, maxPriorityFeePerGas: maxFee };
    const tip = pick(rng, [0n, 1n, GWEI, maxFee, maxFee / 3n]); // tip == 0, tip == maxFee, ...
    return { maxFeePerGas: maxFee, maxPriorityFeePerGas: tip };
  }

  #transaction(seq: L2State, block: Block, dictionaryHeavy: boolean): PlannedTx | undefined {
    const rng = this.#rng;
    const wallet = this.#funded(seq);
    const account = seq.peekAccount(wallet.address);
    const legacy = rng.chance(0.3);
    const fees = this.#fees(block, legacy);
    let to: Address = this.#recipient(seq);
    let value = account.balance > 0n ? rng.bigint(48) % (account.balance / 50n + 1n) : 0n;
    let data: Uint8Array = new Uint8Array(0);
    let apply = true;
    let hints: EncodableHints | undefined;

    const roll = rng.int(100);
    if (roll < 30) {
      // ETH transfer (sometimes zero-valued, to a new account, to oneself)
      if (rng.chance(0.1)) value = 0n;
      if (rng.chance(0.05)) to = wallet.address;
      if (rng.chance(0.03)) to = this.#tokenAddress(); // a kind-0 record to a token: a token call, which fails
    } else if (roll < 36) {
      to = L2_BRIDGE_ADDRESS; // ETH withdrawal; zero value fails
      if (rng.chance(0.15)) value = 0n;
      if (rng.chance(0.1)) data = rng.bytes(1 + rng.int(40)); // withdrawal with data fails
    } else if (roll < 50) {
      // Token transfer: within the balance, above it, to a new account, to 0x0, to oneself
      const token = this.#tokenAddress();
      const balance = seq.peekWord(tokenBalanceKey(token, wallet.address));
      let amount = balance > 0n ? rng.bigint(64) % (balance + 1n) : BigInt(rng.int(10));
      if (rng.chance(0.1)) amount = balance + 1n;
      let recipient = rng.chance(0.05) ? wallet.address : this.#recipient(seq);
      if (rng.chance(0.04)) recipient = ZERO_ADDRESS;
      to = token;
      value = rng.chance(0.04) ? 1n : 0n; // a token call with value fails
      data = transferData(recipient, amount);
      if (rng.chance(0.04)) data[5] = 1; // the address word's top bytes not zero: unknown call
    } else if (roll < 56) {
      // Token withdrawal: within the balance, zero, above it, unregistered token
      const token = this.#tokenAddress();
      const balance = seq.peekWord(tokenBalanceKey(token, wallet.address));
      let amount = balance > 0n ? 1n + (rng.bigint(64) % balance) : 1n;
      if (rng.chance(0.1)) amount = 0n;
      if (rng.chance(0.1)) amount = balance + 1n;
      to = token;
      value = 0n;
      data = withdrawData(amount);
    } else if (roll < 60) {
      // Unknown token calls: another selector, a short call, a wrong length
      to = this.#tokenAddress();
      value = 0n;
      data = pick(rng, [
        hexData("095ea7b3"),
        hexData("a9059c"),
        rng.bytes(68),
        withdrawData(5n).subarray(0, 35),
      ]);
    } else if (roll < 65) {
      // Data to a plain address fails (charged per byte); long data crosses chunk boundaries
      data = rng.bytes(rng.chance(0.3) ? 1 + rng.int(MAX_TX_DATA_BYTES) : 1 + rng.int(64));
    } else if (roll < 75) {
      apply = false; // invalid: one of the §3.4 step 2 conditions
      return this.#invalid(seq, wallet, block, legacy);
    } else if (roll < 80) {
      // Fee edge: the balance exactly covers gasLimit * maxFee + value, or one wei short of it
      const gasLimit = requiredGas(to, 0);
      const cost = gasLimit * fees.maxFeePerGas;
      if (cost > account.balance) return undefined;
      const short = rng.chance(0.5);
      value = account.balance - cost + (short ? 1n : 0n);
      apply = !short;
      return this.#sign(wallet, { ...fees, to, value, data, nonce: account.nonce, gasLimit, legacy }, apply);
    } else if (roll < 84) {
      // Address references the state cannot resolve (index > accountCount) or that name another account
      to = this.#recipient(seq);
      const planned = this.#sign(wallet, { ...fees, to, value, data, nonce: account.nonce, legacy }, false);
      const bogus = rng.chance(0.5)
        ? seq.accountCount + 1n + BigInt(rng.int(1000))
        : 1n + BigInt(rng.int(Number(seq.accountCount)));
      if (seq.peekAddressOfIndex(bogus) === to) return planned;
      hints = { toIndex: bogus };
      return { ...planned, hints, apply: false };
    } else if (roll < 87) {
      // A token transfer whose recipient reference is out of range
      const token = this.#tokenAddress();
      const planned = this.#sign(
        wallet,
        {
          ...fees,
          to: token,
          value: 0n,
          data: transferData(this.#recipient(seq), 1n),
          nonce: account.nonce,
          legacy,
        },
        false,
      );
      return {
        ...planned,
        hints: { recipientIndex: seq.accountCount + 1n + BigInt(rng.int(5)) },
        apply: false,
      };
    }
    // else (13%): a plain ETH transfer as drawn above
    let gasLimit = requiredGas(to, data.length);
    if (dictionaryHeavy || rng.chance(0.1)) gasLimit += BigInt(rng.int(20_000));
    return this.#sign(wallet, { ...fees, to, value, data, nonce: account.nonce, gasLimit, legacy }, apply);
  }

  /** A transaction that §3.4 step 1 or 2 makes invalid. */
  #invalid(seq: L2State, wallet: TestWallet, block: Block, legacy: boolean): PlannedTx {
    const rng = this.#rng;
    const account = seq.peekAccount(wallet.address);
    const to = this.#recipient(seq);
    const fees = this.#fees(block, legacy);
    const base = { ...fees, to, value: 1n, data: new Uint8Array(0), nonce: account.nonce, legacy };
    switch (rng.int(10)) {
      case 0:
        return this.#sign(wallet, { ...base, nonce: account.nonce + 1n + BigInt(rng.int(3)) }, false);
      case 1:
        return this.#sign(wallet, { ...base, nonce: account.nonce === 0n ? 5n : account.nonce - 1n }, false);
      case 2:
        return this.#sign(wallet, { ...base, value: account.balance + 1n }, false);
      case 3:
        return this.#sign(wallet, { ...base, gasLimit: requiredGas(to, 0) - 1n }, false);
      case 4: // tip above maxFee (EIP-1559 only)
        return this.#sign(
          wallet,
          {
            ...base,
            legacy: false,
            maxFeePerGas: block.priceBase,
            maxPriorityFeePerGas: block.priceBase + 1n,
          },
          false,
        );
      case 5: {
        if (block.priceBase <= 1n) return this.#sign(wallet, { ...base, nonce: account.nonce + 9n }, false);
        const low = block.priceBase > MAX_ENCODABLE_FEE ? MAX_ENCODABLE_FEE : block.priceBase - 1n;
        return this.#sign(
          wallet,
          { ...base, maxFeePerGas: low, maxPriorityFeePerGas: legacy ? low : 0n },
          false,
        );
      }
      case 6: // a sender without funds
        return this.#sign(testWallet(90_000 + rng.int(1000)), { ...base, nonce: 0n }, false);
      default: {
        // A signature that recovers nobody, or someone else: high s, r or s zero or >= n, flipped parity
        const planned = this.#sign(wallet, base, false);
        const tx = planned.tx;
        const variants: SignedFields[] = [
          { ...tx, s: SECP256K1_N - tx.s },
          { ...tx, r: 0n },
          { ...tx, s: 0n },
          { ...tx, r: SECP256K1_N + BigInt(rng.int(100)) },
          { ...tx, s: SECP256K1_HALF_N + 1n },
          { ...tx, yParity: tx.yParity === 0 ? 1 : 0 },
          { ...tx, r: 1n + rng.bigint(255), s: 1n + rng.bigint(250) },
        ];
        return { tx: pick(rng, variants), apply: false };
      }
    }
  }

  #sign(
    wallet: TestWallet,
    f: {
      to: Address;
      value: bigint;
      data: Uint8Array;
      nonce: bigint;
      legacy: boolean;
      maxFeePerGas: bigint;
      maxPriorityFeePerGas: bigint;
      gasLimit?: bigint;
    },
    apply: boolean,
  ): PlannedTx {
    const legacy = f.legacy;
    const fields: TransactionFields = {
      type: legacy ? 0 : 2,
      chainId: this.#options.config.chainId,
      nonce: f.nonce,
      maxPriorityFeePerGas: legacy ? f.maxFeePerGas : f.maxPriorityFeePerGas,
      maxFeePerGas: f.maxFeePerGas,
      gasLimit: f.gasLimit ?? requiredGas(f.to, f.data.length),
      to: f.to,
      value: f.value,
      data: f.data,
    };
    return { tx: signTransactionForTest(fields, wallet.privateKey).tx, apply };
  }
}

/** Offsets of the block headers and transaction records of well-formed batch data. */
function unitOffsets(data: Uint8Array): number[] {
  const decoded = decodeBatch(data);
  const out: number[] = [];
  for (const block of decoded.blocks) {
    out.push(block.offset);
    let offset = block.header.next;
    for (const record of block.txs) {
      out.push(offset);
      offset = record.next;
    }
  }
  return out;
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.int(items.length)]!;
}

/** The signed fields of a raw forced transaction, as the Bridge (and every node) decodes it. */
function forcedFields(raw: Uint8Array, config: ChainConfig): SignedFields {
  const { hash: _hash, ...tx } = decodeTransaction(raw, config.chainId);
  return tx;
}
