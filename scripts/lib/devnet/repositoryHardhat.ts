import { fileURLToPath } from "node:url";
import { createHardhatRuntimeEnvironment, importUserConfig } from "hardhat/hre";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

// The repository's Hardhat (its hardhat.config.ts and contracts), whatever the working directory:
// `import hre from "hardhat"` looks for a config upwards from the working directory, so `halcyon devnet`
// run from elsewhere would find none (or another project's).

const CONFIG = fileURLToPath(new URL("../../../hardhat.config.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

let created: Promise<HardhatRuntimeEnvironment> | undefined;

/** The repository's Hardhat runtime, made once per process. */
export function repositoryHardhat(): Promise<HardhatRuntimeEnvironment> {
  created ??= importUserConfig(CONFIG).then((config) =>
    createHardhatRuntimeEnvironment(config, { config: CONFIG }, ROOT),
  );
  return created;
}
