import { readContract } from "viem/actions";
import { disputeGameAbi } from "../../abis.ts";
import type { AnyClient } from "../../internal/viemClient.ts";
import type { Deployment, OpenGame } from "../../types.ts";

export type GetOpenGamesParameters = {
  readonly deployment: Deployment;
};

/** GameStatus.InProgress and the Mover values in contracts/interfaces/IDisputeGame.sol. */
const IN_PROGRESS = 1;
const MOVER_PROPOSER = 1;
/** Games read at once. */
const CHUNK = 16;

/**
 * The dispute games in progress on L1 (the DisputeGame contract, not any node's view), oldest first, with
 * who must move and the time left on that side's clock (moverOf: as of the latest L1 block's time). Reads
 * every game once: fine for a devnet or a chain with few games.
 */
export async function getOpenGames(
  client: AnyClient,
  { deployment }: GetOpenGamesParameters,
): Promise<OpenGame[]> {
  const address = deployment.addresses.disputeGame;
  const count = await readContract(client, { address, abi: disputeGameAbi, functionName: "gameCount" });
  const open: OpenGame[] = [];
  for (let start = 0n; start < count; start += BigInt(CHUNK)) {
    const ids = Array.from(
      { length: Number(count - start < CHUNK ? count - start : BigInt(CHUNK)) },
      (_, i) => start + BigInt(i),
    );
    const games = await Promise.all(
      ids.map((gameId) =>
        readContract(client, { address, abi: disputeGameAbi, functionName: "getGame", args: [gameId] }),
      ),
    );
    for (const [i, game] of games.entries()) {
      if (game.status !== IN_PROGRESS) continue;
      const gameId = ids[i]!;
      const [mover, remaining] = await readContract(client, {
        address,
        abi: disputeGameAbi,
        functionName: "moverOf",
        args: [gameId],
      });
      open.push({
        gameId,
        batchIndex: game.batchIndex,
        batchHash: game.batchHash,
        challenger: game.challenger,
        proposer: game.proposer,
        lo: game.lo,
        hi: game.hi,
        steps: game.steps,
        mover: mover === MOVER_PROPOSER ? "proposer" : "challenger",
        moverSecondsLeft: remaining,
        proposerClock: game.proposerClock,
        challengerClock: game.challengerClock,
        lastMoveAt: game.lastMoveAt,
      });
    }
  }
  return open;
}
