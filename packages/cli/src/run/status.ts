import { getOpenGames, getRollupStatus, rollupAbi } from "@halcyon/sdk";
import type { StatusInput } from "../commands/status.ts";
import { formatDuration } from "../format/formatDuration.ts";
import { formatFields } from "../format/table.ts";
import type { Session } from "../session.ts";

const orNone = (v: bigint | null) => (v === null ? "none" : v.toString());

/** halcyon status: the work, once the command line is checked. */
export async function run(session: Session, _input: StatusInput): Promise<void> {
  const deployment = await session.deployment();
  const l2 = await session.l2Public();
  const l1 = await session.l1Public();
  const [rollup, games, finalizedCount, batchCount, l1Block] = await Promise.all([
    getRollupStatus(l2),
    getOpenGames(l1, { deployment }),
    l1.readContract({
      address: deployment.addresses.rollup,
      abi: rollupAbi,
      functionName: "finalizedCount",
    }),
    l1.readContract({ address: deployment.addresses.rollup, abi: rollupAbi, functionName: "batchCount" }),
    l1.getBlock({ blockTag: "latest" }),
  ]);
  const chainId = (await session.l2Chain()).id;
  const b = rollup.batches;
  const gameLines =
    games.length === 0
      ? ["Open games: none"]
      : [
          `Open games: ${games.length}`,
          ...games.map(
            (g) =>
              `  game ${g.gameId} on batch ${g.batchIndex}: steps ${g.lo}..${g.hi} of ${g.steps}, ${g.mover} to move, ${formatDuration(g.moverSecondsLeft)} left; challenger ${g.challenger}`,
          ),
        ];
  const text = [
    `L2 (chain ${chainId}, ${session.options.l2Rpc})`,
    formatFields(
      [
        ["head", `block ${rollup.l2.head} (${rollup.l2.headHash})`],
        ["safe", `block ${rollup.l2.safe} (in a batch posted on L1)`],
        ["finalized", `block ${rollup.l2.finalized} (in a final batch)`],
        ["mempool", `${rollup.l2.mempool} transaction${rollup.l2.mempool === 1 ? "" : "s"}`],
      ],
      "  ",
    ),
    "Batches",
    formatFields(
      [
        ["last cut", orNone(b.last)],
        ["last posted", orNone(b.lastPosted)],
        ["pending", `${b.unposted} (cut, not yet confirmed on L1)`],
        ["last final", orNone(b.lastFinal)],
      ],
      "  ",
    ),
    `L1 (chain ${deployment.l1ChainId}, ${session.options.l1Rpc})`,
    formatFields(
      [
        ["block", `${l1Block.number} (time ${l1Block.timestamp})`],
        ["batches", `${batchCount} appended (genesis included), ${finalizedCount} final`],
        [
          "queue",
          rollup.l1 === null ? "not followed yet" : `${rollup.l1.queueLength} entries seen by the sequencer`,
        ],
        ["window", formatDuration(deployment.parameters.challengeWindow)],
      ],
      "  ",
    ),
    ...gameLines,
  ].join("\n");
  session.out.result(text, {
    command: "status",
    l2: { chainId, ...rollup.l2 },
    batches: { ...b, l1Count: batchCount, l1FinalizedCount: finalizedCount },
    l1: {
      chainId: deployment.l1ChainId,
      blockNumber: l1Block.number,
      timestamp: l1Block.timestamp,
      queueLength: rollup.l1?.queueLength ?? null,
      challengeWindow: deployment.parameters.challengeWindow,
    },
    openGames: games,
  });
}
