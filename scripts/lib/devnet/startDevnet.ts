import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { mkdir, readdir, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type Account,
  type Address,
  type Chain,
  createPublicClient,
  createWalletClient,
  type Hex,
  http,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { l1Chain } from "../../../packages/node-common/src/l1/createL1Clients.ts";
import {
  type Deployment,
  readDeployment,
  writeDeploymentFile,
} from "../../../packages/node-common/src/l1/deployment.ts";
import { BaseError } from "../../../packages/protocol/src/errors.ts";
import { depositEth } from "../../../packages/sdk/src/actions/l1/depositEth.ts";
import { deployHalcyon } from "../deployHalcyon.ts";
import {
  DEVNET_ROLES,
  type DevAccount,
  FUNDED_ACCOUNT_INDICES,
  hardhatAccount,
  L2_FUNDING,
} from "./devnetAccounts.ts";
import { DEVNET_L1_BLOCK_TIME_MS, devnetParameters } from "./devnetParameters.ts";
import { type LogEntry, type ServiceChild, startServiceChild } from "./serviceChild.ts";
import { repositoryHardhat } from "./repositoryHardhat.ts";
import { prepareServiceDatabases } from "./serviceDatabases.ts";
import { type DevnetL1, startDevnetL1 } from "./startDevnetL1.ts";

// The whole devnet in one call: a Hardhat L1 (resumed from its journal), Halcyon's contracts deployed by
// the deploy script's code, the development accounts funded on L1 and by deposit on L2, and the real
// sequencer and verifier as child processes configured by their environment. Everything lives in one
// data directory: l1/ (genesis and block journal), deployment.json, sequencer/ and verifier/ (embedded
// databases), logs/.

export type DevnetOptions = {
  /** Default ".halcyon/devnet" (relative to the working directory). */
  dataDir?: string;
  /** Wipe dataDir first. */
  fresh?: boolean;
  /** Default 8545 (0: a free port). */
  l1Port?: number;
  /** Default 8547 (0: a free port). */
  l2Port?: number;
  /** Default 8548 (0: a free port). */
  verifierPort?: number;
  /** Default: process.env.DATABASE_URL, else embedded PGlite per service. "" forces PGlite. */
  databaseUrl?: string;
  /** Default: process.env.REDIS_URL, else in-process queues. "" forces in-process queues. */
  redisUrl?: string;
  /** L2 block time in ms (default: the sequencer's). */
  blockTime?: number;
  /** Milliseconds between L1 blocks when idle (default 1,000). */
  l1BlockTime?: number;
  /** Progress lines for a console. */
  onLog?: (line: string) => void;
};

export type Devnet = {
  l1Url: string;
  l2Url: string;
  verifierUrl: string;
  l1ChainId: number;
  l2ChainId: number;
  /** <dataDir>/deployment.json, readable by readDeployment (node-common). */
  deploymentFile: string;
  deployment: Deployment;
  /** Funded on L1 and L2. */
  accounts: readonly { address: Address; privateKey: Hex }[];
  /** The absolute data directory. */
  dataDir: string;
  /** True when this start created the chain, false when it resumed one. */
  created: boolean;
  stop(): Promise<void>;
};

export class DevnetError extends BaseError {
  override name = "DevnetError";
}

const SEQUENCER_MAIN = fileURLToPath(new URL("../../../sequencer/src/main.ts", import.meta.url));
const VERIFIER_MAIN = fileURLToPath(new URL("../../../verifier/src/main.ts", import.meta.url));
const SERVICES = ["sequencer", "verifier"] as const;

const SEQUENCER_PROGRESS = new Set([
  "proposer bond in place",
  "depositing the proposer bond",
  "batch posted (confirmed on L1)",
  "batches final",
]);
const VERIFIER_PROGRESS = new Set([
  "verifier ready",
  "batch verified: the computed state root equals the claimed one",
  "game opened",
  "won a game",
]);

const LOCK_FILE = "devnet.pid";

/** Takes the data directory for this process; a live devnet holding it is refused. */
function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, LOCK_FILE);
  if (existsSync(path)) {
    const pid = Number(readFileSync(path, "utf8"));
    let alive = false;
    if (Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid) {
      try {
        process.kill(pid, 0);
        alive = true;
      } catch {}
    }
    if (alive || pid === process.pid) {
      throw new DevnetError(`a devnet (process ${pid}) is already running on ${dataDir}`);
    }
  }
  writeFileSync(path, String(process.pid));
  return () => rmSync(path, { force: true });
}

/** Refuses early, with the flag to change, a port something else listens on (port 0 is always free). */
async function assertPortFree(host: string, port: number, what: string, flag: string): Promise<void> {
  if (port === 0) return;
  const server = createServer();
  const free = await new Promise<boolean>((resolvePort) => {
    server.once("error", () => resolvePort(false));
    server.listen(port, host, () => server.close(() => resolvePort(true)));
  });
  if (!free) {
    throw new DevnetError(
      `${host}:${port}, ${what}'s port, is in use (another devnet running?): stop it, or pick another with ${flag}`,
    );
  }
}

function childEnv(overrides: Record<string, string | undefined>): Record<string, string> {
  // The services read only what the devnet gives them of these; the rest of the environment passes.
  const { DATABASE_URL: _db, REDIS_URL: _redis, NODE_TEST_CONTEXT: _test, ...inherited } = process.env;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...inherited, ...overrides })) if (v !== undefined) env[k] = v;
  return env;
}

type L1Clients = {
  publicClient: PublicClient;
  wallet: (account: DevAccount) => WalletClient<Transport, Chain, Account>;
};

function l1Clients(url: string, chainId: number): L1Clients {
  const chain = l1Chain(chainId, url);
  const transport = http(url);
  return {
    publicClient: createPublicClient({ chain, transport, pollingInterval: 100 }) as PublicClient,
    wallet: (account) =>
      createWalletClient({ chain, transport, account: privateKeyToAccount(account.privateKey) }),
  };
}

/** Deploys Halcyon and funds the development accounts on L2: a new devnet's first start. */
async function setUpChain(
  l1: DevnetL1,
  deploymentFile: string,
  log: (line: string) => void,
): Promise<Deployment> {
  const clients = l1Clients(l1.url, l1.chainId);
  const deployer = hardhatAccount(DEVNET_ROLES.deployer);
  // A fresh clone has no artifacts yet; otherwise this is an up-to-date check.
  log("compiling the contracts (hardhat build)");
  await (await repositoryHardhat()).tasks.getTask("build").run({ quiet: true, noTests: true });
  log("deploying the contracts");
  const deployment = await deployHalcyon({
    publicClient: clients.publicClient,
    walletClient: clients.wallet(deployer),
    parameters: devnetParameters({
      sequencer: hardhatAccount(DEVNET_ROLES.sequencer).address,
      feeVault: hardhatAccount(DEVNET_ROLES.feeVault).address,
    }),
  });
  log(`depositing ${L2_FUNDING / 10n ** 18n} ETH to L2 for ${FUNDED_ACCOUNT_INDICES.length} accounts`);
  for (const index of FUNDED_ACCOUNT_INDICES) {
    const account = hardhatAccount(index);
    await depositEth(clients.wallet(account), {
      deployment,
      to: account.address,
      amount: L2_FUNDING,
      pollingInterval: 50,
    });
  }
  await l1.sync();
  // Written last: its presence says the chain is set up.
  writeDeploymentFile(deploymentFile, deployment);
  return deployment;
}

async function waitForL2Funding(l2Url: string, accounts: readonly DevAccount[]): Promise<void> {
  const client = createPublicClient({ transport: http(l2Url) });
  const deadline = Date.now() + 120_000;
  for (const account of accounts) {
    while ((await client.getBalance({ address: account.address })) < L2_FUNDING) {
      if (Date.now() > deadline) throw new DevnetError("the funding deposits did not reach L2 in 2 minutes");
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

export async function startDevnet(options: DevnetOptions = {}): Promise<Devnet> {
  const log = options.onLog ?? (() => {});
  const dataDir = resolve(options.dataDir ?? ".halcyon/devnet");
  await mkdir(dataDir, { recursive: true });
  // Locked before --fresh wipes anything: a running devnet's data is never pulled from under it.
  const unlock = lockDataDir(dataDir);
  try {
    if (options.fresh === true) {
      for (const entry of await readdir(dataDir)) {
        if (entry !== LOCK_FILE) await rm(join(dataDir, entry), { recursive: true, force: true });
      }
    }
    await mkdir(join(dataDir, "l1"), { recursive: true });
    await mkdir(join(dataDir, "logs"), { recursive: true });
    const host = "127.0.0.1";
    await assertPortFree(host, options.l1Port ?? 8545, "the L1", "--l1-port");
    await assertPortFree(host, options.l2Port ?? 8547, "the sequencer", "--l2-port");
    await assertPortFree(host, options.verifierPort ?? 8548, "the verifier", "--verifier-port");
  } catch (error) {
    unlock();
    throw error;
  }
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL ?? "";
  const redisUrl = options.redisUrl ?? process.env.REDIS_URL ?? "";
  const deploymentFile = join(dataDir, "deployment.json");

  let l1: DevnetL1 | undefined;
  const children: ServiceChild[] = [];
  const killChildren = () => {
    for (const c of children) if (c.child.exitCode === null) c.child.kill("SIGKILL");
  };
  process.on("exit", killChildren);
  const stopAll = async () => {
    // The services first (they may be sending to L1), then the L1.
    await Promise.all(children.map((c) => c.stop()));
    await l1?.stop();
    process.off("exit", killChildren);
    unlock();
  };

  try {
    l1 = await startDevnetL1({
      dir: join(dataDir, "l1"),
      port: options.l1Port ?? 8545,
      blockTimeMs: options.l1BlockTime ?? DEVNET_L1_BLOCK_TIME_MS,
      onLog: log,
    });
    log(`L1 (Hardhat, chain ${l1.chainId}) on ${l1.url}${l1.created ? ": a new chain" : ""}`);
    let deployment: Deployment;
    if (l1.created) {
      // Whatever a half-finished earlier start left belongs to another chain.
      for (const stale of [...SERVICES, "deployment.json"]) {
        await rm(join(dataDir, stale), { recursive: true, force: true });
      }
      deployment = await setUpChain(l1, deploymentFile, log);
    } else {
      if (!existsSync(deploymentFile)) {
        throw new DevnetError(
          `${deploymentFile} is missing: the devnet's first start did not finish; use --fresh`,
        );
      }
      deployment = await readDeployment(deploymentFile);
    }

    const databases =
      databaseUrl === "" ? undefined : await prepareServiceDatabases(databaseUrl, SERVICES, l1.created);
    // Queue keys named after the chain: a new chain never meets an old chain's jobs.
    const queuePrefix = (service: string) => `halcyon-devnet-${l1!.genesisTime}-${service}`;
    const common = {
      L1_RPC_URL: l1.url,
      HALCYON_DEPLOYMENT: deploymentFile,
      REDIS_URL: redisUrl === "" ? undefined : redisUrl,
      LOG_LEVEL: "info",
    };

    log("starting the sequencer");
    let rpcUrl: string | undefined;
    const sequencer = await startServiceChild({
      name: "sequencer",
      main: SEQUENCER_MAIN,
      logFile: join(dataDir, "logs", "sequencer.log"),
      env: childEnv({
        ...common,
        DATABASE_URL: databases?.sequencer,
        SEQUENCER_DATA_DIR: join(dataDir, "sequencer"),
        SEQUENCER_L1_PRIVATE_KEY: hardhatAccount(DEVNET_ROLES.sequencer).privateKey,
        HALCYON_CHAIN_ID: deployment.parameters.l2ChainId.toString(),
        HALCYON_FEE_VAULT: deployment.parameters.feeVault,
        SEQUENCER_RPC_HOST: "127.0.0.1",
        SEQUENCER_RPC_PORT: String(options.l2Port ?? 8547),
        SEQUENCER_BLOCK_TIME: options.blockTime?.toString(),
        SEQUENCER_QUEUE_PREFIX: queuePrefix("sequencer"),
        L1_CONFIRMATIONS: "2",
        L1_POLL_INTERVAL: "500",
        L1_STUCK_AFTER: "10000",
        BATCH_MAX_AGE: "2000",
        BATCH_RESUBMIT_INTERVAL: "2000",
      }),
      ready: (entry: LogEntry) => {
        if (entry.msg === "JSON-RPC listening" && typeof entry.url === "string") rpcUrl = entry.url;
        return entry.msg === "L1 services started" ? rpcUrl : undefined;
      },
      show: (entry) => entry.level >= 40 || SEQUENCER_PROGRESS.has(entry.msg ?? ""),
      onLog: log,
    });
    children.push(sequencer);

    log("starting the verifier");
    const verifier = await startServiceChild({
      name: "verifier",
      main: VERIFIER_MAIN,
      logFile: join(dataDir, "logs", "verifier.log"),
      env: childEnv({
        ...common,
        DATABASE_URL: databases?.verifier,
        VERIFIER_DATA_DIR: join(dataDir, "verifier"),
        VERIFIER_PRIVATE_KEY: hardhatAccount(DEVNET_ROLES.verifier).privateKey,
        VERIFIER_STATUS_HOST: "127.0.0.1",
        VERIFIER_STATUS_PORT: String(options.verifierPort ?? 8548),
        VERIFIER_QUEUE_PREFIX: queuePrefix("verifier"),
        VERIFIER_CONFIRMATIONS: "2",
        VERIFIER_POLL_INTERVAL: "500",
      }),
      ready: (entry: LogEntry) =>
        typeof entry.msg === "string" && entry.msg.startsWith("status endpoint listening")
          ? (entry.url as string | undefined)
          : undefined,
      show: (entry) => entry.level >= 40 || VERIFIER_PROGRESS.has(entry.msg ?? ""),
      onLog: log,
    });
    children.push(verifier);

    const accounts = FUNDED_ACCOUNT_INDICES.map(hardhatAccount);
    if (l1.created) {
      log("waiting for the funding deposits on L2");
      await waitForL2Funding(sequencer.url, accounts);
    }

    let stopping: Promise<void> | undefined;
    return {
      l1Url: l1.url,
      l2Url: sequencer.url,
      verifierUrl: verifier.url,
      l1ChainId: l1.chainId,
      l2ChainId: Number(deployment.parameters.l2ChainId),
      deploymentFile,
      deployment,
      accounts: accounts.map(({ address, privateKey }) => ({ address, privateKey })),
      dataDir,
      created: l1.created,
      stop: () => {
        stopping ??= stopAll();
        return stopping;
      },
    };
  } catch (error) {
    await stopAll().catch(() => {});
    throw error;
  }
}
