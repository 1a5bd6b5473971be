// An L2 block: its header, its transactions, and the batch that carries it to L1.

import {
  addressLink,
  batchLink,
  blockLink,
  card,
  fields,
  fullHash,
  notice,
  pageTitle,
  receiptBadge,
  statusBadge,
  table,
  txLink,
} from "../components.js";
import { h } from "../dom.js";
import { ago, big, dateTime, eth, gwei, num } from "../format.js";
import { batch, call } from "../rpc.js";

/** @param {string} ref a block number (decimal) or a block hash */
export async function blockView(ref) {
  const byHash = ref.startsWith("0x");
  const block = byHash
    ? await call("eth_getBlockByHash", [ref, true])
    : await call("eth_getBlockByNumber", [`0x${BigInt(ref).toString(16)}`, true]);
  if (block === null) return { node: notice("Block not found", `There is no L2 block ${ref} (yet).`) };
  const number = big(block.number);
  const txs = /** @type {any[]} */ (block.transactions);
  const [head, receipts, status] = await Promise.all([
    call("eth_blockNumber"),
    batch(txs.map((tx) => ["eth_getTransactionReceipt", [tx.hash]])),
    txs.length > 0 ? call("rollup_getTransactionStatus", [txs[0].hash]) : Promise.resolve(null),
  ]);

  const nav = h(
    "div",
    { class: "pager" },
    number > 0n ? h("a", { class: "button", href: `#/block/${number - 1n}` }, "← Previous") : null,
    number < big(head) ? h("a", { class: "button", href: `#/block/${number + 1n}` }, "Next →") : null,
  );
  const overview = fields([
    ["Number", num(number), "number"],
    ["Hash", fullHash(block.hash), "hash"],
    ["Parent", number > 0n ? blockLink(number - 1n) : "genesis", "parent"],
    ["Time", `${dateTime(Number(big(block.timestamp)))} (${ago(Number(big(block.timestamp)))})`, "time"],
    ["Transactions", num(txs.length), "tx-count"],
    ["Gas used", num(block.gasUsed), "gas-used"],
    ["Base fee", gwei(big(block.baseFeePerGas)), "base-fee"],
    ["State root", fullHash(block.stateRoot), "state-root"],
    ["Fee vault", addressLink(block.miner, { full: true }), "fee-vault"],
    [
      "Batch",
      status?.batchIndex
        ? h("span", { class: "status-line" }, batchLink(status.batchIndex), statusBadge(status.l1Status))
        : txs.length > 0
          ? h("span", { class: "muted" }, "not in a batch yet")
          : null,
      "batch",
    ],
  ]);
  const list = table(
    [
      { label: "#" },
      { label: "Transaction" },
      { label: "From", wide: true },
      { label: "To", wide: true },
      { label: "Value", num: true },
      { label: "Result" },
    ],
    txs.map((tx, i) => [
      num(tx.transactionIndex),
      txLink(tx.hash),
      addressLink(tx.from),
      addressLink(tx.to),
      eth(big(tx.value)),
      receipts[i] ? receiptBadge(receipts[i].status === "0x1") : "—",
    ]),
    { empty: "No transactions: this block applied L1 queue entries only." },
  );
  const node = h(
    "div",
    { class: "stack" },
    pageTitle("L2 block", `#${num(number)}`, nav),
    card("Overview", overview, { id: "block-overview" }),
    card(`Transactions (${txs.length})`, list, { id: "block-transactions" }),
  );
  return { node };
}
