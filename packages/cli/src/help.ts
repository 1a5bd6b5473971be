import type { FlagSpecs } from "./args/parseArgv.ts";
import type { Command } from "./command.ts";
import { GLOBAL_FLAGS } from "./globalFlags.ts";

function flagLines(flags: FlagSpecs): string[] {
  const rows = Object.entries(flags).map(([name, spec]) => [
    `--${name}${spec.value === undefined ? "" : ` ${spec.value}`}`,
    spec.description,
  ]);
  const width = Math.max(...rows.map(([left]) => left!.length));
  return rows.map(([left, right]) => `  ${left!.padEnd(width + 2)}${right}`);
}

/** `halcyon --help`: the commands and the global flags. */
export function generalHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    "halcyon: deposit to, transact on and withdraw from a Halcyon rollup, and watch it",
    "",
    "usage: halcyon <command> [arguments] [flags]",
    "",
    "commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width + 2)}${c.summary}`),
    "",
    "global flags (every command):",
    ...flagLines(GLOBAL_FLAGS),
    "",
    "Run halcyon <command> --help for a command's arguments and examples.",
    "Exit codes: 0 done, 1 failed, 2 bad command line.",
  ].join("\n");
}

/** `halcyon <command> --help`. */
export function commandHelp(command: Command): string {
  const lines = [`usage: ${command.usage}`, "", command.description];
  if (command.positionals.length > 0) {
    const width = Math.max(...command.positionals.map((p) => p.name.length));
    lines.push(
      "",
      "arguments:",
      ...command.positionals.map((p) => `  ${p.name.padEnd(width + 2)}${p.description}`),
    );
  }
  if (Object.keys(command.flags).length > 0) lines.push("", "flags:", ...flagLines(command.flags));
  lines.push("", "global flags:", ...flagLines(GLOBAL_FLAGS));
  if (command.examples.length > 0) lines.push("", "examples:", ...command.examples.map((e) => `  ${e}`));
  return lines.join("\n");
}
