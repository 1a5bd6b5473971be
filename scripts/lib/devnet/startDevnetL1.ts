import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { NetworkConnection } from "hardhat/types/network";
import type { JsonRpcRequest, JsonRpcResponse } from "hardhat/types/providers";
import type { Hex, RpcBlock, RpcTransaction } from "viem";
import { BaseError } from "../../../packages/protocol/src/errors.ts";
import { type JournalBlock, type JournalCall, L1Journal } from "./l1Journal.ts";
import { rawTransactionOf, UnreplayableTransactionError } from "./rawTransaction.ts";
import { repositoryHardhat } from "./repositoryHardhat.ts";

// The devnet's L1: Hardhat's simulated chain (EDR) served over HTTP and WebSocket, with automine (a
// transaction is mined at once) and interval mining (time passes, confirmations come). Every mined block
// goes to the journal (l1Journal.ts); a restart re-mines the journal on a chain with the same genesis
// (the genesis time is pinned in chain.json) and checks every block hash on the way.

export const DEVNET_L1_CHAIN_ID = 31337;

export class DevnetResumeError extends BaseError {
  override name = "DevnetResumeError";
}

type Provider = { request(args: { method: string; params?: unknown[] }): Promise<unknown> };

export type StartDevnetL1Options = {
  /** Holds chain.json (the genesis) and blocks.jsonl (the journal). */
  readonly dir: string;
  readonly host?: string;
  /** 0: a free port. */
  readonly port: number;
  /** Milliseconds between interval-mined blocks (0: automine only). */
  readonly blockTimeMs: number;
  /** How often new blocks are journaled. Default 200 ms. */
  readonly journalIntervalMs?: number;
  readonly onLog?: (line: string) => void;
};

export type DevnetL1 = {
  readonly url: string;
  readonly chainId: number;
  /** True when this start made a new chain (no chain.json yet), false when it replayed one. */
  readonly created: boolean;
  /** The genesis time, in seconds: names things that belong to this chain (queue prefixes). */
  readonly genesisTime: number;
  /** Blocks re-mined from the journal at start. */
  readonly replayedBlocks: number;
  /** Journals the blocks mined so far (the devnet calls it before reading state it must keep). */
  sync(): Promise<void>;
  /** Stops interval mining, journals the last blocks, closes the server. */
  stop(): Promise<void>;
};

type ChainFile = { readonly initialDate: string; readonly chainId: number; readonly genesisHash: Hex };

function readChainFile(path: string): ChainFile | undefined {
  if (!existsSync(path)) return undefined;
  const value = JSON.parse(readFileSync(path, "utf8")) as Partial<ChainFile>;
  if (
    typeof value.initialDate !== "string" ||
    typeof value.chainId !== "number" ||
    typeof value.genesisHash !== "string"
  ) {
    throw new DevnetResumeError(`${path} is not a devnet chain file: start with --fresh`);
  }
  return value as ChainFile;
}

// Hardhat builds the server's provider inside createServer; a newConnection hook hands it to us, so the
// journal can be replayed and followed in-process. One server at a time, so the hook sees only ours.
let creating: Promise<unknown> = Promise.resolve();

async function createServer(initialDate: Date, chainId: number, host: string, port: number) {
  const run = creating.then(async () => {
    const hre = await repositoryHardhat();
    let connection: NetworkConnection | undefined;
    const handlers = {
      newConnection: async (context: unknown, next: (c: unknown) => Promise<NetworkConnection>) => {
        const created = await next(context);
        connection ??= created;
        return created;
      },
    };
    hre.hooks.registerHandlers("network", handlers as never);
    try {
      const server = await hre.network.createServer(
        {
          network: "default",
          override: {
            chainId,
            initialDate,
            // fifo: a replayed block's transactions, sent in block order, are mined in that order.
            mining: { auto: true, interval: 0, mempool: { order: "fifo" } },
          },
        },
        host,
        port,
      );
      if (connection === undefined) throw new DevnetResumeError("Hardhat created no network connection");
      return { server, connection };
    } finally {
      hre.hooks.unregisterHandlers("network", handlers as never);
    }
  });
  creating = run.catch(() => {});
  return run;
}

async function latestHash(provider: Provider): Promise<Hex> {
  return ((await provider.request({ method: "eth_getBlockByNumber", params: ["latest", false] })) as RpcBlock)
    .hash as Hex;
}

/** Re-mines the journal's blocks on a chain at genesis; throws DevnetResumeError at the first hash that differs. */
export async function replayJournal(provider: Provider, blocks: readonly JournalBlock[]): Promise<void> {
  await provider.request({ method: "evm_setAutomine", params: [false] });
  for (const block of blocks) {
    if (block.unreplayable !== undefined) {
      throw new DevnetResumeError(`L1 block ${block.number} cannot be replayed: ${block.unreplayable}`, {
        details: { block: block.number },
      });
    }
    for (const call of block.calls ?? []) {
      await provider.request({ method: call.method, params: [...call.params] });
    }
    for (const raw of block.transactions) {
      await provider.request({ method: "eth_sendRawTransaction", params: [raw] }).catch((cause: unknown) => {
        throw new DevnetResumeError(
          `L1 block ${block.number} does not replay: a transaction was refused (${(cause as Error).message})`,
          { cause, details: { block: block.number } },
        );
      });
    }
    await provider.request({ method: "evm_setNextBlockTimestamp", params: [block.timestamp] });
    await provider.request({ method: "evm_mine", params: [] });
    const hash = await latestHash(provider);
    if (hash !== block.hash) {
      throw new DevnetResumeError(`L1 block ${block.number} replays to ${hash}, not ${block.hash}`, {
        details: { block: block.number },
      });
    }
  }
  await provider.request({ method: "evm_setAutomine", params: [true] });
}

/**
 * Calls that set state outside transactions. The devnet records them (after which block they came) and
 * replays them at the same place, since the blocks that follow depend on them.
 */
const STATE_CALLS = new Set([
  "hardhat_setBalance",
  "hardhat_setCode",
  "hardhat_setNonce",
  "hardhat_setStorageAt",
  "hardhat_setCoinbase",
  "hardhat_setPrevRandao",
  "hardhat_setNextBlockBaseFeePerGas",
  "hardhat_setMinGasPrice",
  "evm_setBlockGasLimit",
]);

/** State calls seen, each with the head it followed; taken into the journal with the next block. */
type PendingCalls = { afterBlock: number; call: JournalCall }[];

async function journalNewBlocks(
  provider: Provider,
  journal: L1Journal,
  pending: PendingCalls,
  onUnreplayable: (block: number, why: string) => void,
): Promise<void> {
  const head = Number(BigInt((await provider.request({ method: "eth_blockNumber" })) as string));
  const blockAt = (n: number) =>
    provider.request({
      method: "eth_getBlockByNumber",
      params: [`0x${n.toString(16)}`, true],
    }) as Promise<RpcBlock<"latest", true> | null>;
  // A rewound chain (evm_revert): drop the journaled blocks it no longer has.
  let from = Math.min(journal.head, head);
  while (from > 0 && (await blockAt(from))?.hash !== journal.hashAt(from)) from--;
  journal.truncate(from);
  for (let n = from + 1; n <= head; n++) {
    const block = await blockAt(n);
    if (block === null) return;
    let transactions: Hex[] = [];
    let unreplayable: string | undefined;
    try {
      transactions = await Promise.all((block.transactions as RpcTransaction[]).map(rawTransactionOf));
    } catch (error) {
      if (!(error instanceof UnreplayableTransactionError)) throw error;
      // Journaled anyway, so the blocks after it are too; a restart then says why it cannot resume.
      unreplayable = error.message;
    }
    const calls = pending.filter((p) => p.afterBlock === n - 1).map((p) => p.call);
    pending.splice(0, pending.length, ...pending.filter((p) => p.afterBlock >= n));
    journal.append({
      number: n,
      hash: block.hash as Hex,
      parentHash: block.parentHash,
      timestamp: Number(BigInt(block.timestamp)),
      transactions,
      ...(calls.length === 0 ? {} : { calls }),
      ...(unreplayable === undefined ? {} : { unreplayable }),
    });
    if (unreplayable !== undefined) onUnreplayable(n, unreplayable);
  }
}

/**
 * The devnet's handling of some requests. State calls are recorded for the journal (STATE_CALLS).
 * hardhat_mine with more than a few blocks makes "reserved" blocks (EDR does not build them; their
 * parent hash reads as zero), which no replay can re-mine. On the devnet it mines them one by one
 * instead, with the same count, interval and timestamps, so every block is real and journaled.
 */
function devnetRequests(connection: NetworkConnection, provider: Provider, pending: PendingCalls) {
  return {
    onRequest: async (
      context: unknown,
      from: NetworkConnection,
      request: JsonRpcRequest,
      next: (c: unknown, n: NetworkConnection, r: JsonRpcRequest) => Promise<JsonRpcResponse>,
    ): Promise<JsonRpcResponse> => {
      if (from !== connection) return next(context, from, request);
      if (STATE_CALLS.has(request.method)) {
        const head = Number(BigInt((await provider.request({ method: "eth_blockNumber" })) as string));
        const response = await next(context, from, request);
        if ("result" in response) {
          const params = Array.isArray(request.params) ? request.params : [];
          pending.push({ afterBlock: head, call: { method: request.method, params } });
        }
        return response;
      }
      if (request.method !== "hardhat_mine") return next(context, from, request);
      const [countParam = "0x1", intervalParam = "0x1"] = Array.isArray(request.params) ? request.params : [];
      let count: bigint;
      let interval: bigint;
      try {
        count = BigInt(countParam as string);
        interval = BigInt(intervalParam as string);
      } catch {
        return next(context, from, request);
      }
      if (interval < 1n) return next(context, from, request);
      for (let i = 0n; i < count; i++) {
        if (i > 0n) {
          const parent = (await provider.request({
            method: "eth_getBlockByNumber",
            params: ["latest", false],
          })) as RpcBlock;
          await provider.request({
            method: "evm_setNextBlockTimestamp",
            params: [`0x${(BigInt(parent.timestamp) + interval).toString(16)}`],
          });
        }
        await provider.request({ method: "evm_mine", params: [] });
      }
      return { jsonrpc: "2.0", id: request.id, result: true };
    },
  };
}

/**
 * Starts the devnet's L1, resuming the chain in `dir` if there is one. Throws DevnetResumeError (with
 * the advice to start fresh) when the journal does not replay to the same blocks.
 */
export async function startDevnetL1(options: StartDevnetL1Options): Promise<DevnetL1> {
  const log = options.onLog ?? (() => {});
  const chainPath = join(options.dir, "chain.json");
  const existing = readChainFile(chainPath);
  const journal = L1Journal.open(join(options.dir, "blocks.jsonl"));
  if (existing === undefined && journal.head > 0) {
    throw new DevnetResumeError(`${journal.path} has blocks but no chain.json beside it: start with --fresh`);
  }
  // Whole seconds: the genesis block's timestamp is this date.
  const initialDate = new Date(
    existing === undefined ? Math.floor(Date.now() / 1000) * 1000 : Date.parse(existing.initialDate),
  );
  const chainId = existing?.chainId ?? DEVNET_L1_CHAIN_ID;
  const host = options.host ?? "127.0.0.1";
  const { server, connection } = await createServer(initialDate, chainId, host, options.port);
  const provider = connection.provider as unknown as Provider;
  const pending: PendingCalls = [];
  const mining = devnetRequests(connection, provider, pending);
  const hre = await repositoryHardhat();
  hre.hooks.registerHandlers("network", mining as never);
  const closeAll = async () => {
    await server.close().catch(() => {});
    await connection.close().catch(() => {});
    hre.hooks.unregisterHandlers("network", mining as never);
  };
  try {
    const genesis = (await provider.request({
      method: "eth_getBlockByNumber",
      params: ["0x0", false],
    })) as RpcBlock;
    if (existing === undefined) {
      writeFileSync(
        chainPath,
        `${JSON.stringify({ initialDate: initialDate.toISOString(), chainId, genesisHash: genesis.hash }, null, 2)}\n`,
      );
    } else if (genesis.hash !== existing.genesisHash) {
      throw new DevnetResumeError(
        `the L1 genesis is ${genesis.hash}, not ${existing.genesisHash} as recorded (another Hardhat version?)`,
      );
    }
    if (journal.head > 0) {
      log(`replaying ${journal.head} L1 blocks`);
      const started = Date.now();
      await replayJournal(provider, journal.blocks);
      // The replay's own state calls passed through the hook: they are journaled already.
      pending.length = 0;
      log(`replayed ${journal.head} L1 blocks in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  } catch (error) {
    await closeAll();
    throw error;
  }
  const replayedBlocks = journal.head;
  const { port } = await server.listen();
  if (options.blockTimeMs > 0) {
    await provider.request({ method: "evm_setIntervalMining", params: [options.blockTimeMs] });
  }

  // One journaling pass at a time; sync() waits for a full pass that started after it was called.
  let pass: Promise<void> = Promise.resolve();
  const sync = (): Promise<void> => {
    pass = pass
      .catch(() => {})
      .then(() =>
        journalNewBlocks(provider, journal, pending, (block, why) =>
          log(`L1 block ${block} cannot be replayed, so this chain will not resume after a stop: ${why}`),
        ),
      );
    return pass;
  };
  let failed = false;
  const timer = setInterval(() => {
    sync().catch((error: unknown) => {
      if (!failed) log(`L1 journal: ${(error as Error).message}`);
      failed = true;
    });
  }, options.journalIntervalMs ?? 200);
  timer.unref();

  let stopping: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    chainId,
    created: existing === undefined,
    genesisTime: Math.floor(initialDate.getTime() / 1000),
    replayedBlocks,
    sync,
    stop() {
      stopping ??= (async () => {
        clearInterval(timer);
        await provider.request({ method: "evm_setIntervalMining", params: [0] }).catch(() => {});
        await server.close().catch(() => {});
        await sync().catch((error: unknown) => log(`L1 journal: ${(error as Error).message}`));
        await closeAll();
      })();
      return stopping;
    },
  };
}
