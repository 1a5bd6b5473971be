// The dispute games against the sequencer's batches, with their chess clocks.

import { addressLink, batchLink, card, countdown, fields, notice, pageTitle, pill } from "../components.js";
import { h } from "../dom.js";
import { big, dateTime, duration } from "../format.js";
import { call } from "../rpc.js";

/** @type {Record<string, [string, string]>} */
const GAME_STATUS = {
  open: ["Open", "warn"],
  "proposer-won": ["Sequencer won", "ok"],
  "challenger-won": ["Challenger won", "bad"],
  cancelled: ["Cancelled", "neutral"],
};

/** @param {any} g */
function gameCard(g) {
  const [label, kind] = GAME_STATUS[g.status] ?? [g.status, "neutral"];
  const c = g.clocks;
  const clock = (/** @type {string} */ side, /** @type {string} */ value) => {
    const running = c?.mover === side;
    return h(
      "div",
      { class: `clock ${running ? "clock-running" : ""}`, "data-clock": side },
      h("p", { class: "clock-side" }, side === "proposer" ? "Sequencer (proposer)" : "Challenger"),
      h(
        "p",
        { class: "clock-time" },
        running ? countdown(Number(big(c.remaining))) : duration(Number(big(value))),
      ),
      h("p", { class: "clock-note" }, running ? "to move · running" : "waiting"),
    );
  };
  return card(
    `Game #${big(g.gameId)}`,
    h(
      "div",
      { class: "stack-sm" },
      c
        ? h(
            "div",
            { class: "clocks" },
            clock("proposer", c.proposerClock),
            clock("challenger", c.challengerClock),
          )
        : null,
      fields([
        ["Batch", batchLink(g.batchIndex), "batch"],
        ["Challenger", addressLink(g.challenger, { full: true }), "challenger"],
        ["Disputed steps", `${g.lo} – ${g.hi}`, "interval"],
        ["Deadline", c?.deadline ? `${dateTime(Number(big(c.deadline)))} (L1 time)` : null, "deadline"],
        ["Opened in L1 block", big(g.openedL1Block).toString(), "opened"],
      ]),
    ),
    { id: `game-${big(g.gameId)}`, action: pill(label, kind) },
  );
}

export async function gamesView() {
  const games = await call("rollup_getGames", [100]);
  const node = h(
    "div",
    { class: "stack" },
    pageTitle("Disputes", "Dispute games"),
    games.length === 0
      ? notice(
          "No games",
          "Nobody has challenged a batch of this sequencer. A verifier that finds a wrong state root opens a game on L1; it appears here with both clocks.",
        )
      : h("div", { class: "grid-2" }, games.map(gameCard)),
  );
  return { node, refreshMs: 5000 };
}
