// Writes packages/node-common/src/l1/abis.ts: the ABIs of Halcyon's L1 contracts (and of the test doubles) as `as const`
// literals, so TypeScript code is typed by them without a build first (CI typechecks before it compiles).
// The file lives in node-common so that the services import ABIs from a package, never from scripts/.
// Run after changing a contract's interface: `npx hardhat build && node scripts/generateAbis.ts`.
// test/contracts/abis.test.ts fails while the file is stale.
// Usage: node scripts/generateAbis.ts [--check]
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderAbis, staleAbis } from "./lib/abiContracts.ts";

const ABIS_FILE = fileURLToPath(new URL("../packages/node-common/src/l1/abis.ts", import.meta.url));

if (process.argv.includes("--check")) {
  const stale = staleAbis(await import("../packages/node-common/src/l1/abis.ts"));
  if (stale.length > 0) {
    console.error(`stale ABIs in ${ABIS_FILE}: ${stale.join(", ")}`);
    process.exit(1);
  }
  console.log(`${ABIS_FILE} is in sync with the artifacts`);
} else {
  writeFileSync(ABIS_FILE, renderAbis());
  execFileSync("npx", ["biome", "format", "--write", ABIS_FILE], { stdio: "ignore" });
  console.log(`wrote ${ABIS_FILE}`);
}
