import type { ContractRunner } from "ethers";
import { type GetOpenGamesParameters, readOpenGames } from "../core/l1Reads.ts";
import type { OpenGame } from "../types.ts";
import { ethersL1Reader } from "./internal/ethersPorts.ts";

/**
 * getOpenGames for an ethers v6 Provider (or Signer) on L1: the dispute games in progress, with their
 * clocks, from the DisputeGame contract.
 *
 * @example
 * const games = await ethersActions.getOpenGames(l1Provider, { deployment });
 */
export function getOpenGames(
  runner: ContractRunner,
  parameters: GetOpenGamesParameters,
): Promise<OpenGame[]> {
  return readOpenGames(ethersL1Reader(runner), parameters);
}
