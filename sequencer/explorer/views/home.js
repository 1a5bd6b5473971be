// The overview: the chain's state at a glance, the latest blocks and transactions, batches and games.

import {
  addressLink,
  batchLink,
  blockLink,
  card,
  countdown,
  pill,
  statusBadge,
  table,
  txLink,
} from "../components.js";
import { h } from "../dom.js";
import { ago, big, eth, num, short } from "../format.js";
import { batch } from "../rpc.js";

const BLOCKS = 10;
const LATEST_TXS = 10;

/**
 * @param {string} label
 * @param {import("../dom.js").Child} value
 * @param {string} [sub]
 * @param {string} [field]
 */
function stat(label, value, sub, field) {
  return h(
    "div",
    { class: "stat", "data-field": field },
    h("p", { class: "stat-label" }, label),
    h("p", { class: "stat-value" }, value),
    sub ? h("p", { class: "stat-sub" }, sub) : null,
  );
}

/** @param {any[]} games */
export function gamesTable(games) {
  return table(
    [
      { label: "Game" },
      { label: "Batch" },
      { label: "Challenger", wide: true },
      { label: "Interval", wide: true },
      { label: "To move" },
      { label: "Time left", num: true },
    ],
    games.map((g) => [
      `#${big(g.gameId)}`,
      batchLink(g.batchIndex),
      addressLink(g.challenger),
      `steps ${g.lo} – ${g.hi}`,
      g.clocks ? pill(g.clocks.mover, g.clocks.mover === "proposer" ? "info" : "warn") : pill(g.status),
      g.clocks ? countdown(Number(big(g.clocks.remaining))) : "—",
    ]),
    { empty: "No open games: nobody is disputing a batch." },
  );
}

/** @param {any[]} batches */
export function batchesTable(batches) {
  return table(
    [
      { label: "Batch" },
      { label: "L2 blocks", wide: true },
      { label: "Txs & entries", num: true, wide: true },
      { label: "Status" },
      { label: "L1 transaction" },
      { label: "State root", wide: true },
    ],
    batches.map((b) => [
      batchLink(b.index),
      `${num(b.firstBlock)} – ${num(b.lastBlock)}`,
      num(b.steps),
      statusBadge(b.l1Status),
      b.l1TransactionHash
        ? h("span", { class: "mono" }, short(b.l1TransactionHash))
        : h("span", { class: "muted" }, "not yet"),
      h("span", { class: "mono", title: b.stateRoot }, short(b.stateRoot)),
    ]),
    { empty: "No batches yet: the first one is cut from the first blocks." },
  );
}

/** @returns {Promise<{ node: Node, refreshMs: number }>} */
export async function homeView() {
  const [status, batches, games] = await batch([
    ["rollup_getStatus", []],
    ["rollup_getBatches", [6]],
    ["rollup_getGames", [10]],
  ]);
  const head = big(status.l2.head);
  const count = head + 1n < BigInt(BLOCKS) ? Number(head + 1n) : BLOCKS;
  // Blocks with their transactions' hashes only; then the newest LATEST_TXS transactions in full (a busy
  // block holds thousands: the page never asks for all of them).
  /** @type {any[]} */
  const blocks = (
    await batch(
      Array.from({ length: count }, (_, i) => [
        "eth_getBlockByNumber",
        [`0x${(head - BigInt(i)).toString(16)}`, false],
      ]),
    )
  ).filter((x) => x !== null);
  const newest = blocks
    .flatMap((x) => [...x.transactions].reverse().map((/** @type {string} */ hash) => ({ hash, block: x })))
    .slice(0, LATEST_TXS);
  const full = await batch(newest.map(({ hash }) => ["eth_getTransactionByHash", [hash]]));
  const transactions = newest
    .map(({ block }, i) => ({ tx: full[i], timestamp: Number(big(block.timestamp)) }))
    .filter(({ tx }) => tx !== null);
  const openGames = games.filter((/** @type {any} */ g) => g.status === "open");
  const b = status.batches;

  const stats = h(
    "div",
    { class: "stats" },
    stat(
      "L2 head",
      h("a", { href: `#/block/${head}` }, num(head)),
      `${status.l2.mempool} in the mempool`,
      "head",
    ),
    stat("Safe", num(status.l2.safe), "posted on L1", "safe"),
    stat("Finalized", num(status.l2.finalized), "final on L1", "finalized"),
    stat(
      "Batches",
      b.last === null ? "—" : num(b.last),
      b.last === null ? "none cut yet" : `${b.unposted} not yet on L1`,
      "batches",
    ),
    stat(
      "Open games",
      String(openGames.length),
      openGames.length === 0 ? "nothing disputed" : "under dispute",
      "games",
    ),
    stat(
      "L1 block",
      status.l1 === null ? "off" : status.l1.followedBlock === null ? "—" : num(status.l1.followedBlock),
      status.l1 === null
        ? "running without L1"
        : status.l1.halted
          ? `halted: ${status.l1.halted}`
          : `followed · ${num(status.l1.queueLength)} queued`,
      "l1",
    ),
  );

  const blocksTable = table(
    [{ label: "Block" }, { label: "Age" }, { label: "Txs", num: true }, { label: "Hash", wide: true }],
    blocks.map((x) => [
      blockLink(x.number),
      big(x.number) === 0n ? "genesis" : ago(Number(big(x.timestamp))),
      String(x.transactions.length),
      h("span", { class: "mono muted" }, short(x.hash)),
    ]),
  );

  const txTable = table(
    [
      { label: "Transaction" },
      { label: "From → To", wide: true },
      { label: "Value", num: true },
      { label: "Age" },
    ],
    transactions.map(({ tx, timestamp }) => [
      txLink(tx.hash),
      h(
        "span",
        { class: "flow" },
        addressLink(tx.from),
        h("span", { class: "arrow" }, "→"),
        addressLink(tx.to),
      ),
      eth(big(tx.value)),
      ago(timestamp),
    ]),
    {
      empty: "No transactions in the latest blocks.",
      rowAttrs: (i) => ({ "data-tx": transactions[i]?.tx.hash }),
    },
  );

  const node = h(
    "div",
    { class: "stack" },
    stats,
    h(
      "div",
      { class: "grid-2 grid-wide-right" },
      card("Latest blocks", blocksTable, { id: "latest-blocks" }),
      card("Latest transactions", txTable, { id: "latest-transactions" }),
    ),
    card("Latest batches", batchesTable(batches.batches), {
      id: "latest-batches",
      action: h("a", { class: "more", href: "#/batches" }, "All batches →"),
    }),
    card("Open dispute games", gamesTable(openGames), {
      id: "open-games",
      action: h("a", { class: "more", href: "#/games" }, "All games →"),
    }),
  );
  return { node, refreshMs: 3000 };
}
