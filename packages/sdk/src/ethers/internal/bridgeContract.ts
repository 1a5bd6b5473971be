import { Contract, type ContractRunner } from "ethers";
import { bridgeAbi, rollupAbi } from "../../abis.ts";
import type { Deployment } from "../../types.ts";

export function bridgeContract(deployment: Deployment, runner: ContractRunner): Contract {
  return new Contract(deployment.addresses.bridge, bridgeAbi as unknown as string[], runner);
}

export function rollupContract(deployment: Deployment, runner: ContractRunner): Contract {
  return new Contract(deployment.addresses.rollup, rollupAbi as unknown as string[], runner);
}
