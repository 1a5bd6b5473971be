import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Abi, Hex } from "viem";
import { BaseError } from "../../packages/protocol/src/errors.ts";

/** The repository's Hardhat artifacts directory (`npx hardhat build` writes it). */
export const DEFAULT_ARTIFACTS_DIR = fileURLToPath(new URL("../../artifacts", import.meta.url));

/** What deploying a contract needs from its Hardhat artifact. */
export type ContractArtifact = {
  readonly contractName: string;
  readonly sourceName: string;
  readonly abi: Abi;
  readonly bytecode: Hex;
};

export class ArtifactError extends BaseError {
  override name = "ArtifactError";
}

function findArtifactFiles(dir: string, fileName: string, out: string[]): void {
  let entries: import("node:fs").Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry.isDirectory()) {
      if (entry.name !== "build-info") findArtifactFiles(join(dir, entry.name), fileName, out);
    } else if (entry.name === fileName) {
      out.push(join(dir, entry.name));
    }
  }
}

/**
 * Reads the Hardhat 3 artifact of `contractName` (e.g. "Rollup") from `artifactsDir`. The name must
 * be unique among the project's contracts. Throws ArtifactError when it is missing (run
 * `npx hardhat build`) or ambiguous.
 */
export function readArtifact(
  contractName: string,
  artifactsDir: string = DEFAULT_ARTIFACTS_DIR,
): ContractArtifact {
  const files: string[] = [];
  findArtifactFiles(join(artifactsDir, "contracts"), `${contractName}.json`, files);
  if (files.length === 0) {
    throw new ArtifactError(
      `no artifact for contract ${contractName} in ${artifactsDir} (run npx hardhat build)`,
    );
  }
  if (files.length > 1)
    throw new ArtifactError(`several artifacts named ${contractName}: ${files.join(", ")}`);
  const json = JSON.parse(readFileSync(files[0]!, "utf8")) as Partial<ContractArtifact>;
  if (!Array.isArray(json.abi) || typeof json.bytecode !== "string" || typeof json.sourceName !== "string") {
    throw new ArtifactError(`malformed artifact ${files[0]}`);
  }
  return { contractName, sourceName: json.sourceName, abi: json.abi, bytecode: json.bytecode };
}
