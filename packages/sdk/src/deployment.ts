import {
  type Deployment,
  DeploymentFileError,
  parseDeployment as parseDeploymentText,
  readDeployment as readDeploymentFile,
} from "../../node-common/src/l1/deployment.ts";

// The deployment file (what scripts/deploy.ts and the devnet write: chain ids, contract addresses,
// parameters), read with node-common's checks, by path: its index also exports server code.

export { DeploymentFileError };

/**
 * Reads and checks a deployment file (`halcyon-deployment/1`): the L1 chain id, the contracts' addresses
 * and block, and the parameters (L2 chain id, challenge window, bonds, …) every L1 action takes. The devnet
 * writes its own to `.halcyon/devnet/deployment.json`. Throws DeploymentFileError naming the file.
 *
 * @example
 * const deployment = await readDeployment(".halcyon/devnet/deployment.json");
 * console.log(deployment.l1ChainId, deployment.parameters.l2ChainId, deployment.addresses.bridge);
 */
export function readDeployment(path: string): Promise<Deployment> {
  return readDeploymentFile(path);
}

/**
 * Parses and checks a deployment file's text, for a file fetched rather than read from disk. Throws
 * DeploymentFileError.
 *
 * @example
 * const deployment = parseDeployment(await (await fetch(deploymentUrl)).text());
 */
export function parseDeployment(text: string): Deployment {
  return parseDeploymentText(text);
}
