import { type GetOpenGamesParameters, readOpenGames } from "../../core/l1Reads.ts";
import type { AnyClient } from "../../internal/viemClient.ts";
import { viemL1Reader } from "../../internal/viemPorts.ts";
import type { OpenGame } from "../../types.ts";

export type { GetOpenGamesParameters };

/**
 * The dispute games in progress on L1 (the DisputeGame contract, not any node's view), oldest first, with
 * who must move and the seconds left on that side's clock as of the latest L1 block. Reads every game
 * once: fine for a devnet or a chain with few games.
 *
 * @example
 * for (const game of await getOpenGames(l1Public, { deployment })) {
 *   console.log(`game ${game.gameId} on batch ${game.batchIndex}: ${game.mover} has ${game.moverSecondsLeft} s`);
 * }
 */
export function getOpenGames(client: AnyClient, parameters: GetOpenGamesParameters): Promise<OpenGame[]> {
  return readOpenGames(viemL1Reader(client), parameters);
}
