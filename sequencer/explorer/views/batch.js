// A batch: the L2 blocks it carries, its commitments, and where it stands on L1.

import {
  blockLink,
  card,
  fields,
  fullHash,
  L1_STATUS,
  notice,
  pageTitle,
  statusBadge,
} from "../components.js";
import { h } from "../dom.js";
import { big, dateTime, num, plural } from "../format.js";
import { batch } from "../rpc.js";
import { batchesTable, gamesTable } from "./home.js";

/** @param {string} index decimal */
export async function batchView(index) {
  const n = BigInt(index);
  const hex = `0x${n.toString(16)}`;
  const [b, summary, games, last] = await batch([
    ["rollup_getBatchByIndex", [hex]],
    ["rollup_getBatches", [1, `0x${(n + 1n).toString(16)}`]],
    ["rollup_getGames", [100]],
    ["rollup_getBatches", [1]],
  ]);
  if (b === null) return { node: notice("Batch not found", `There is no batch ${n} (yet).`) };
  const size = summary.batches[0]?.index === hex ? summary.batches[0].dataLength : null;
  const lastIndex = last.batches[0] ? big(last.batches[0].index) : n;
  const record = b.record;
  const header = b.header;
  const against = games.filter((/** @type {any} */ g) => g.batchIndex === hex);

  const nav = h(
    "div",
    { class: "pager" },
    n > 1n ? h("a", { class: "button", href: `#/batch/${n - 1n}` }, "← Previous") : null,
    n < lastIndex ? h("a", { class: "button", href: `#/batch/${n + 1n}` }, "Next →") : null,
  );
  const overview = fields([
    [
      "L1 status",
      h(
        "span",
        { class: "status-line" },
        statusBadge(b.l1Status),
        h("span", { class: "muted" }, L1_STATUS[b.l1Status]?.hint ?? ""),
      ),
      "l1-status",
    ],
    [
      "L2 blocks",
      h(
        "span",
        {},
        blockLink(b.firstBlock),
        " – ",
        blockLink(b.lastBlock),
        h("span", { class: "muted" }, ` (${plural(big(b.lastBlock) - big(b.firstBlock) + 1n, "block")})`),
      ),
      "blocks",
    ],
    ["Steps", `${num(b.steps)} (transactions and L1 queue entries)`, "steps"],
    ["Data", size === null ? null : `${num(size)} bytes`, "size"],
    ["State root", fullHash(b.stateRoot), "state-root"],
    ["Parent state root", fullHash(b.parentStateRoot), "parent-state-root"],
    ["Data root", fullHash(b.dataRoot), "data-root"],
  ]);
  const l1 = fields([
    [
      "L1 transaction",
      b.l1TransactionHash
        ? fullHash(b.l1TransactionHash)
        : h("span", { class: "muted" }, "not sent or not mined yet"),
      "l1-tx",
    ],
    ["L1 block", b.l1BlockNumber ? num(b.l1BlockNumber) : null, "l1-block"],
    ["Appended at", record ? `${dateTime(Number(big(record.appendedAt)))} (L1 time)` : null, "appended-at"],
    ["Record hash", b.recordHash ? fullHash(b.recordHash) : null, "record-hash"],
    ["Proposer", record ? h("span", { class: "mono break" }, record.proposer) : null, "proposer"],
    [
      "L1 queue",
      `${num(b.queueStart)} entries applied before the batch, ${num(header.queueApplied)} after`,
      "queue",
    ],
  ]);
  const state = fields([
    ["Tree root", fullHash(header.treeRoot), "tree-root"],
    ["Withdrawals root", fullHash(header.withdrawalsRoot), "withdrawals-root"],
    ["Withdrawals", num(header.withdrawalCount), "withdrawal-count"],
    ["Accounts", num(header.accountCount), "account-count"],
  ]);
  const node = h(
    "div",
    { class: "stack" },
    pageTitle("Batch", h("span", {}, `#${num(n)} `, statusBadge(b.l1Status)), nav),
    card("Overview", overview, { id: "batch-overview" }),
    card("On L1", l1, { id: "batch-l1" }),
    card("State after the batch", state, { id: "batch-state" }),
    against.length > 0 ? card("Dispute games", gamesTable(against), { id: "batch-games" }) : null,
  );
  return { node, refreshMs: b.l1Status === "final" ? undefined : 5000 };
}

/** @param {string | undefined} before decimal index: the page of batches below it */
export async function batchesView(before) {
  const page = await batch([
    ["rollup_getBatches", before ? [25, `0x${BigInt(before).toString(16)}`] : [25]],
  ]).then(([p]) => p);
  const node = h(
    "div",
    { class: "stack" },
    pageTitle("Rollup", "Batches"),
    card("Batches, newest first", batchesTable(page.batches), { id: "batches" }),
    h(
      "div",
      { class: "pager" },
      before ? h("a", { class: "button", href: "#/batches" }, "Newest") : null,
      page.next ? h("a", { class: "button", href: `#/batches/before/${big(page.next)}` }, "Older →") : null,
    ),
  );
  return { node, refreshMs: before ? undefined : 5000 };
}
