// A transaction: its receipt, and where its batch stands on L1.

import {
  addressLink,
  batchLink,
  blockLink,
  card,
  fields,
  fullHash,
  L1_STATUS,
  notice,
  pageTitle,
  pill,
  receiptBadge,
  statusBadge,
  table,
} from "../components.js";
import { h } from "../dom.js";
import { ago, big, dateTime, eth, gwei, num, short, units } from "../format.js";
import { batch } from "../rpc.js";

const TRANSFER_SELECTOR = "0xa9059cbb";
const L2_BRIDGE = "0x4a1c000000000000000000000000000000000001";

/**
 * What a transaction does, from its recipient and input (docs/protocol.md §3.5).
 * @param {any} tx
 */
function describe(tx) {
  const input = String(tx.input ?? "0x");
  if (tx.to.toLowerCase() === L2_BRIDGE) return { kind: "ETH withdrawal to L1", token: null };
  if (input.startsWith(TRANSFER_SELECTOR) && input.length === 2 + 68 * 2) {
    const recipient = `0x${input.slice(2 + 8 + 24, 2 + 8 + 64)}`;
    const amount = BigInt(`0x${input.slice(2 + 8 + 64)}`);
    return { kind: "Token transfer", token: { recipient, amount } };
  }
  if (input.startsWith("0x2e1a7d4d")) return { kind: "Token withdrawal to L1", token: null };
  return { kind: input === "0x" ? "ETH transfer" : "Call", token: null };
}

/** @param {string} hash */
export async function transactionView(hash) {
  const [tx, receipt, status] = await batch([
    ["eth_getTransactionByHash", [hash]],
    ["eth_getTransactionReceipt", [hash]],
    ["rollup_getTransactionStatus", [hash]],
  ]);
  if (tx === null) {
    return {
      node: notice(
        "Transaction not found",
        `No transaction ${hash} is known to this sequencer, in a block or in its mempool.`,
      ),
    };
  }
  const what = describe(tx);
  const included = receipt !== null;
  const block = included
    ? await batch([["eth_getBlockByNumber", [receipt.blockNumber, false]]]).then(([b]) => b)
    : null;
  const fee = included ? big(receipt.gasUsed) * big(receipt.effectiveGasPrice) : null;

  const overview = fields([
    ["Hash", fullHash(hash), "hash"],
    [
      "Result",
      included ? receiptBadge(receipt.status === "0x1") : pill("In the mempool", "warn"),
      "receipt-status",
    ],
    [
      "Block",
      included
        ? h(
            "span",
            {},
            blockLink(receipt.blockNumber),
            h("span", { class: "muted" }, ` · position ${num(receipt.transactionIndex)}`),
          )
        : "not yet",
      "block",
    ],
    [
      "Time",
      block ? `${dateTime(Number(big(block.timestamp)))} (${ago(Number(big(block.timestamp)))})` : null,
      "time",
    ],
    ["What", what.kind, "kind"],
    ["From", addressLink(tx.from, { full: true }), "from"],
    ["To", addressLink(tx.to, { full: true }), "to"],
    ["Value", eth(big(tx.value)), "value"],
    what.token
      ? [
          "Tokens",
          h("span", {}, `${units(what.token.amount)} to `, addressLink(what.token.recipient, { full: true })),
          "token-transfer",
        ]
      : ["Tokens", null],
    ["Fee", fee === null ? null : eth(fee, 18), "fee"],
    ["Gas used", included ? num(receipt.gasUsed) : null, "gas-used"],
    ["Gas price", gwei(big(included ? receipt.effectiveGasPrice : tx.gasPrice)), "gas-price"],
    ["Nonce", num(tx.nonce), "nonce"],
    ["Type", tx.type === "0x2" ? "EIP-1559 (2)" : "Legacy (0)", "type"],
  ]);

  const l1 = status?.l1Status ?? "pending";
  const settlement = fields([
    [
      "L1 status",
      h(
        "span",
        { class: "status-line" },
        statusBadge(l1),
        h("span", { class: "muted" }, L1_STATUS[l1]?.hint ?? ""),
      ),
      "l1-status",
    ],
    [
      "Batch",
      status?.batchIndex ? batchLink(status.batchIndex) : h("span", { class: "muted" }, "not in a batch yet"),
      "batch",
    ],
    ["L1 transaction", status?.l1TransactionHash ? fullHash(status.l1TransactionHash) : null, "l1-tx"],
    ["L1 block", status?.l1BlockNumber ? num(status.l1BlockNumber) : null, "l1-block"],
  ]);

  const logs = included
    ? table(
        [
          { label: "#" },
          { label: "Emitter" },
          { label: "Topics", wide: true },
          { label: "Data", wide: true },
        ],
        receipt.logs.map((/** @type {any} */ log) => [
          num(log.logIndex),
          addressLink(log.address),
          h(
            "div",
            { class: "mono small" },
            log.topics.map((/** @type {string} */ t) => h("div", { title: t }, short(t, 10))),
          ),
          h("span", { class: "mono small", title: log.data }, short(log.data, 10)),
        ]),
        { empty: "No logs." },
      )
    : null;

  const node = h(
    "div",
    { class: "stack" },
    pageTitle("Transaction", h("span", { class: "mono" }, short(hash, 10)), statusBadge(l1)),
    card("Overview", overview, { id: "tx-overview" }),
    card("Settlement on L1", settlement, { id: "tx-settlement" }),
    logs ? card(`Logs (${receipt.logs.length})`, logs, { id: "tx-logs" }) : null,
  );
  return { node, refreshMs: l1 === "final" ? undefined : 4000 };
}
