import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Command } from "../command.ts";
import { CliError } from "../errors.ts";

// The devnet launcher lives in scripts/ (it starts Hardhat, the sequencer and a verifier). It is
// imported only when this command runs, so the other commands never load Hardhat.
const DEVNET_SCRIPT = new URL("../../../../scripts/devnet.ts", import.meta.url);

type DevnetModule = { runDevnet(argv: readonly string[]): Promise<number> };

/** `halcyon devnet [flags]`: runs the launcher with the flags as given; its exit code is the CLI's. */
export async function runDevnetCommand(argv: readonly string[]): Promise<number> {
  if (!existsSync(fileURLToPath(DEVNET_SCRIPT))) {
    throw new CliError("the devnet launcher (scripts/devnet.ts) is not in this checkout");
  }
  const module = (await import(DEVNET_SCRIPT.href)) as DevnetModule;
  return module.runDevnet(argv);
}

export const devnet: Command<Record<string, never>> = {
  name: "devnet",
  summary: "start a local devnet: Hardhat L1, contracts, sequencer and verifier (npm run devnet)",
  usage: "halcyon devnet [devnet flags]",
  description: [
    "Runs the devnet launcher with the flags as given (see halcyon devnet --help for its own list,",
    "e.g. --fresh). It prints the endpoints, chain ids, contract addresses and funded keys; the other",
    "commands' defaults (http://127.0.0.1:8545, :8547, .halcyon/devnet/deployment.json) point at it.",
    "Ctrl-C stops it.",
  ].join("\n"),
  flags: {},
  positionals: [],
  examples: ["halcyon devnet", "halcyon devnet --fresh"],
  // main hands the arguments to runDevnetCommand untouched: the launcher owns its flags.
  parse: () => ({}),
  load: () => Promise.reject(new CliError("halcyon devnet is run through runDevnetCommand")),
};
