import { BaseError } from "../../protocol/src/errors.ts";
import { parseArgv } from "./args/parseArgv.ts";
import { devnet, runDevnetCommand } from "./commands/devnet.ts";
import { COMMANDS } from "./commands/index.ts";
import { CliError, UsageError } from "./errors.ts";
import { GLOBAL_FLAGS, resolveGlobals } from "./globalFlags.ts";
import { commandHelp, generalHelp } from "./help.ts";
import { Output, type OutputStreams } from "./output.ts";

// `halcyon <command> …`: finds the command, parses its flags with the global ones, runs it and turns
// every failure into one line and an exit code (2: the command line is wrong, 1: the work failed).

export type CliIo = OutputStreams & { readonly env: NodeJS.ProcessEnv };

/** Global flags that take a value: skipped over when looking for the command's name. */
const GLOBAL_VALUE_FLAGS = new Set(
  Object.entries(GLOBAL_FLAGS)
    .filter(([, spec]) => spec.type === "string")
    .map(([name]) => `--${name}`),
);

function findCommandName(argv: readonly string[]): { name: string | undefined; rest: string[] } {
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === "--") break;
    if (GLOBAL_VALUE_FLAGS.has(token)) {
      i++;
      continue;
    }
    if (!token.startsWith("-")) return { name: token, rest: [...argv.slice(0, i), ...argv.slice(i + 1)] };
  }
  return { name: undefined, rest: [...argv] };
}

/** Runs the CLI on `argv` (without node and the script); resolves with the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const wantsJson = argv.includes("--json");
  const out = new Output(io, wantsJson);
  let endpoints: Endpoints | undefined;
  try {
    const { name, rest } = findCommandName(argv);
    if (name === undefined || name === "help") {
      const topic = name === "help" ? rest.find((t) => !t.startsWith("-")) : undefined;
      const command = COMMANDS.find((c) => c.name === topic);
      if (topic !== undefined && command === undefined) throw unknownCommand(topic);
      if (command !== undefined) {
        out.result(commandHelp(command), { help: commandHelp(command) });
        return 0;
      }
      const asked = name === "help" || rest.includes("--help") || rest.includes("-h");
      if (asked) out.result(generalHelp(COMMANDS), { help: generalHelp(COMMANDS) });
      else io.stderr.write(`${generalHelp(COMMANDS)}\n`);
      if (!asked)
        throw new UsageError(`missing command: expected one of ${COMMANDS.map((c) => c.name).join(", ")}`);
      return 0;
    }
    const command = COMMANDS.find((c) => c.name === name);
    if (command === undefined) throw unknownCommand(name);
    if (command === devnet) return await runDevnet(rest, io);

    const args = parseArgv(rest, { ...GLOBAL_FLAGS, ...command.flags }, ` for halcyon ${command.name}`);
    if (args.booleans.has("help")) {
      // With --json too, stdout holds one JSON document: the help text in it.
      out.result(commandHelp(command), { help: commandHelp(command) });
      return 0;
    }
    if (args.positionals.length > command.positionals.length) {
      const extra = args.positionals[command.positionals.length]!;
      throw new UsageError(
        `unexpected argument "${extra}" for halcyon ${command.name} (usage: ${command.usage})`,
      );
    }
    const input = command.parse(args);
    const options = resolveGlobals(args, io.env);
    endpoints = { l1: options.l1Rpc, l2: options.l2Rpc };
    // Only now the heavy part: viem's clients, the SDK and the protocol (keccak, secp256k1).
    const [{ Session }, runner] = await Promise.all([import("./session.ts"), command.load()]);
    await runner.run(new Session(options, out), input);
    return 0;
  } catch (error) {
    const { message, name, exitCode } = describeFailure(error, endpoints);
    out.error(message, name, exitCode);
    return exitCode;
  }
}

async function runDevnet(rest: readonly string[], io: CliIo): Promise<number> {
  try {
    return await runDevnetCommand(rest);
  } catch (error) {
    if (error instanceof CliError && (rest.includes("--help") || rest.includes("-h"))) {
      io.stdout.write(`${commandHelp(devnet)}\n`);
      return 0;
    }
    throw error;
  }
}

function unknownCommand(name: string): UsageError {
  const names = COMMANDS.map((c) => c.name);
  const close = names.find((n) => n.startsWith(name.slice(0, 2)) && name.length > 1);
  return new UsageError(
    `unknown command "${name}": expected one of ${names.join(", ")}${close === undefined ? "" : ` (did you mean ${close}?)`}`,
  );
}

type Failure = { message: string; name: string; exitCode: number };
type Endpoints = { readonly l1: string; readonly l2: string };

/** One line for any failure: ours as they are, an RPC out of reach named by its flag, the rest by cause. */
export function describeFailure(error: unknown, endpoints?: Endpoints): Failure {
  if (error instanceof UsageError || error instanceof CliError) {
    return { message: error.message, name: error.name, exitCode: error.exitCode };
  }
  const unreachable = unreachableUrl(error);
  if (unreachable !== undefined) {
    const same = (a: string, b: string | undefined) => b !== undefined && new URL(a).href === new URL(b).href;
    const which = same(unreachable.url, endpoints?.l1)
      ? "the L1 RPC (--l1-rpc or HALCYON_L1_RPC)"
      : same(unreachable.url, endpoints?.l2)
        ? "the L2 RPC (--l2-rpc or HALCYON_L2_RPC)"
        : "the JSON-RPC endpoint";
    return {
      message: `cannot reach ${which} at ${unreachable.url}: ${unreachable.reason}`,
      name: "RpcUnreachableError",
      exitCode: 1,
    };
  }
  if (error instanceof BaseError) return { message: error.message, name: error.name, exitCode: 1 };
  if (error instanceof Error) {
    // viem's errors carry a short message first and pages of details after: keep the first lines.
    const short = (error as { shortMessage?: string }).shortMessage ?? error.message.split("\n")[0] ?? "";
    const details = (error as { details?: string }).details;
    const detail = details !== undefined && details !== "" && !short.includes(details) ? `: ${details}` : "";
    return { message: `${short}${detail}`.replace(/\s*\n\s*/g, " "), name: error.name, exitCode: 1 };
  }
  return { message: String(error), name: "Error", exitCode: 1 };
}

function unreachableUrl(error: unknown): { url: string; reason: string } | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const url = (e as { url?: unknown }).url;
    if (e.name === "HttpRequestError" && typeof url === "string") {
      const cause = rootCause(e);
      const reason = /ECONNREFUSED/.test(cause) ? "connection refused" : cause;
      return { url, reason };
    }
    if (e.name === "TimeoutError" && typeof url === "string") {
      return { url, reason: "no answer in time" };
    }
  }
  return undefined;
}

function rootCause(error: Error): string {
  let e: unknown = error;
  let text = error.message.split("\n")[0] ?? "";
  while (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    text = typeof code === "string" ? code : (e.message.split("\n")[0] ?? text);
    e = e.cause;
  }
  return text;
}
