// `npm run devnet`: a local Halcyon in one command. A Hardhat L1 on 127.0.0.1:8545 with the contracts
// deployed, the development accounts funded on L1 and L2, the sequencer's JSON-RPC on 127.0.0.1:8547 and
// a verifier (status on 127.0.0.1:8548), all kept in .halcyon/devnet. Ctrl-C stops everything; running
// it again resumes the same chain, --fresh starts a new one. With DATABASE_URL / REDIS_URL set, the
// services use that PostgreSQL (a database each) and Redis instead of the embedded ones.
//
// Usage: node scripts/devnet.ts [--fresh] [--data-dir DIR] [--l1-port N] [--l2-port N]
//                               [--verifier-port N] [--block-time MS] [--help]
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { BaseError } from "../packages/protocol/src/errors.ts";
import { formatSummary } from "./lib/devnet/formatSummary.ts";
import { type DevnetOptions, startDevnet } from "./lib/devnet/startDevnet.ts";
import { DevnetResumeError } from "./lib/devnet/startDevnetL1.ts";

const USAGE = `Usage: npm run devnet -- [options]

Starts a local Halcyon: a Hardhat L1, the contracts, the sequencer and a verifier.

Options:
  --fresh               wipe the data directory and start a new chain
  --data-dir DIR        where the devnet keeps its chain and databases (default .halcyon/devnet)
  --l1-port N           L1 JSON-RPC port (default 8545; 0 picks a free one)
  --l2-port N           the sequencer's JSON-RPC port (default 8547)
  --verifier-port N     the verifier's status port (default 8548)
  --block-time MS       L2 block time in milliseconds (default: the sequencer's, 200)
  --help                this text

Environment: DATABASE_URL and REDIS_URL, when set, replace the embedded PGlite and in-process queues.
`;

class UsageError extends BaseError {
  override name = "UsageError";
}

function port(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65_535) throw new UsageError(`${flag} must be a port number (0-65535)`);
  return n;
}

function parseDevnetArgs(argv: readonly string[]): DevnetOptions | "help" {
  let parsed: ReturnType<typeof parse>;
  function parse() {
    return parseArgs({
      args: [...argv],
      options: {
        fresh: { type: "boolean" },
        "data-dir": { type: "string" },
        "l1-port": { type: "string" },
        "l2-port": { type: "string" },
        "verifier-port": { type: "string" },
        "block-time": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    });
  }
  try {
    parsed = parse();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values } = parsed;
  if (values.help === true) return "help";
  const blockTime = values["block-time"];
  if (blockTime !== undefined && (!/^\d+$/.test(blockTime) || Number(blockTime) < 10)) {
    throw new UsageError("--block-time must be a number of milliseconds, at least 10");
  }
  const options: DevnetOptions = {};
  if (values.fresh === true) options.fresh = true;
  if (values["data-dir"] !== undefined) options.dataDir = values["data-dir"];
  const l1Port = port(values["l1-port"], "--l1-port");
  const l2Port = port(values["l2-port"], "--l2-port");
  const verifierPort = port(values["verifier-port"], "--verifier-port");
  if (l1Port !== undefined) options.l1Port = l1Port;
  if (l2Port !== undefined) options.l2Port = l2Port;
  if (verifierPort !== undefined) options.verifierPort = verifierPort;
  if (blockTime !== undefined) options.blockTime = Number(blockTime);
  return options;
}

/**
 * Runs the devnet until SIGINT or SIGTERM; resolves with the process exit code (0 after a clean stop,
 * 1 when it could not start, 2 for bad arguments). The CLI's `halcyon devnet` calls it too.
 */
export async function runDevnet(argv: readonly string[]): Promise<number> {
  let options: DevnetOptions | "help";
  try {
    options = parseDevnetArgs(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (options === "help") {
    process.stdout.write(USAGE);
    return 0;
  }
  const say = (line: string) => process.stdout.write(`${line}\n`);
  let interrupted = false;
  const early = () => {
    interrupted = true;
  };
  process.once("SIGINT", early);
  let devnet: Awaited<ReturnType<typeof startDevnet>>;
  try {
    devnet = await startDevnet({ ...options, onLog: say });
  } catch (error) {
    process.off("SIGINT", early);
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    process.stderr.write(`devnet could not start: ${message}\n`);
    if (error instanceof DevnetResumeError) {
      process.stderr.write(
        "The saved chain cannot be resumed; `npm run devnet -- --fresh` starts a new one.\n",
      );
    }
    return 1;
  }
  process.off("SIGINT", early);
  const cli = fileURLToPath(new URL("../node_modules/.bin/halcyon", import.meta.url));
  say("");
  say(formatSummary(devnet, { cwd: process.cwd(), cliAvailable: existsSync(cli) }));
  say("");
  if (!interrupted) {
    await new Promise<void>((resolve) => {
      process.once("SIGINT", () => resolve());
      process.once("SIGTERM", () => resolve());
    });
  }
  say("\nstopping the devnet (the services, then the L1)…");
  process.on("SIGINT", () => say("still stopping…"));
  await devnet.stop();
  say("stopped; `npm run devnet` resumes it.");
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exit(await runDevnet(process.argv.slice(2)));
}
