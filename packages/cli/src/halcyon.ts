#!/usr/bin/env node
// The `halcyon` command line: see packages/cli/README.md, or run halcyon --help.
import { runCli } from "./main.ts";

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
