// A fresh in-process Hardhat network under a given hardfork (Hardhat's default when undefined).
import { network } from "hardhat";

export type Connection = Awaited<ReturnType<typeof network.create>>;

export function createNetwork(hardfork: string | undefined): Promise<Connection> {
  return network.create(hardfork === undefined ? {} : { override: { hardfork } });
}

/** The hardfork the network runs. */
export function hardforkOf(connection: Connection): string {
  const config = connection.networkConfig as { hardfork?: string };
  return config.hardfork ?? "unknown";
}
