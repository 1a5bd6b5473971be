// An account: its balance, its nonce, and its history (transactions and deposits), a page at a time.

import {
  addressLink,
  blockLink,
  card,
  fields,
  fullHash,
  pageTitle,
  pill,
  receiptBadge,
  table,
  txLink,
} from "../components.js";
import { h, replace } from "../dom.js";
import { big, eth, num, units } from "../format.js";
import { batch, call, RpcError } from "../rpc.js";

const PAGE = 25;

/** @type {Record<string, string>} */
const KINDS = {
  transfer: "ETH transfer",
  withdrawal: "ETH withdrawal",
  "token-transfer": "Token transfer",
  "token-call": "Token call",
  deposit: "Deposit from L1",
};

/**
 * @param {any} item
 */
function row(item) {
  const direction =
    item.direction === "in"
      ? pill("In", "ok")
      : item.direction === "self"
        ? pill("Self")
        : pill("Out", "info");
  const counterparty =
    item.type === "deposit"
      ? h("span", { class: "muted" }, "L1 ", h("span", { class: "mono" }, `${item.from.slice(0, 8)}…`))
      : item.direction === "in"
        ? addressLink(item.from)
        : addressLink(item.tokenRecipient ?? item.to);
  const amount =
    item.type === "deposit"
      ? item.l1Token
        ? `${units(big(item.amount))} tokens`
        : eth(big(item.amount))
      : item.kind === "token-transfer"
        ? `${units(big(item.tokenAmount))} tokens`
        : eth(big(item.value));
  return [
    item.type === "deposit"
      ? h("span", { class: "muted" }, `queue #${num(item.queueIndex)}`)
      : txLink(item.hash),
    blockLink(item.blockNumber),
    KINDS[item.kind ?? item.type] ?? item.kind,
    direction,
    counterparty,
    amount,
    item.type === "deposit" ? pill("Applied", "ok") : receiptBadge(item.status === "0x1"),
  ];
}

const COLUMNS = [
  { label: "Transaction" },
  { label: "Block" },
  { label: "Kind", wide: true },
  { label: "" },
  { label: "Counterparty", wide: true },
  { label: "Amount", num: true },
  { label: "Result", wide: true },
];

/** @param {string} address */
export async function addressView(address) {
  const a = address.toLowerCase();
  const [balance, nonce] = await batch([
    ["eth_getBalance", [a, "latest"]],
    ["eth_getTransactionCount", [a, "latest"]],
  ]);
  // A sequencer without the history index answers "method not found": the page still shows the rest.
  const history = await call("rollup_getAddressTransactions", [a, PAGE]).catch((error) => {
    if (error instanceof RpcError && error.code === -32601) return null;
    throw error;
  });
  /** @type {any[]} */
  const items = [...(history?.items ?? [])];
  const body = h("div", {});
  const more = h("div", { class: "pager" });
  let next = history?.next ?? null;

  const render = () => {
    replace(
      body,
      table(
        COLUMNS,
        items.map((item) => row(item)),
        {
          empty: "No transactions or deposits for this account yet.",
          rowAttrs: (i) => ({ "data-tx": items[i]?.hash }),
        },
      ),
    );
    replace(
      more,
      next
        ? h(
            "button",
            {
              type: "button",
              class: "button",
              onclick: async (/** @type {Event} */ e) => {
                const button = /** @type {HTMLButtonElement} */ (e.currentTarget);
                button.disabled = true;
                try {
                  const page = await call("rollup_getAddressTransactions", [a, PAGE, next]);
                  items.push(...page.items);
                  next = page.next;
                  render();
                } catch {
                  button.disabled = false;
                  button.textContent = "Could not load more: try again";
                }
              },
            },
            "Load more",
          )
        : null,
    );
  };
  render();

  const lagging = history !== null && big(history.indexedThrough) < big(history.head);
  const node = h(
    "div",
    { class: "stack" },
    pageTitle("Account", h("span", { class: "mono break" }, a)),
    card(
      "Overview",
      fields([
        ["Address", fullHash(a), "address"],
        ["Balance", h("span", { class: "big-number" }, eth(big(balance))), "balance"],
        ["Transactions sent", num(nonce), "nonce"],
      ]),
      { id: "address-overview" },
    ),
    card(
      "History",
      h(
        "div",
        {},
        lagging
          ? h(
              "p",
              { class: "muted small" },
              `Indexed through block ${num(history.indexedThrough)} of ${num(history.head)}; reload for the rest.`,
            )
          : null,
        history === null
          ? h("p", { class: "empty" }, "This sequencer keeps no account history.")
          : [body, more],
      ),
      { id: "address-history" },
    ),
  );
  return { node };
}
