// Small pieces every view uses: links, status badges, key-value lists, tables, cards.

import { h } from "./dom.js";
import { duration, short } from "./format.js";

/** @type {Record<string, { label: string, hint: string }>} */
export const L1_STATUS = {
  pending: { label: "Pending", hint: "Not confirmed on L1 yet" },
  posted: { label: "Posted", hint: "On L1, inside its challenge window" },
  challenged: { label: "Challenged", hint: "A dispute game against its batch is open" },
  final: { label: "Final", hint: "Final on L1: past its window, never successfully challenged" },
};

/**
 * A batch's L1 status (pending, posted, challenged, final) as a coloured badge.
 * @param {string} status
 */
export function statusBadge(status) {
  const known = L1_STATUS[status];
  return h(
    "span",
    { class: `badge badge-${known ? status : "unknown"}`, title: known?.hint, "data-status": status },
    known?.label ?? status,
  );
}

/** @param {boolean} ok */
export function receiptBadge(ok) {
  return h("span", { class: `badge ${ok ? "badge-final" : "badge-challenged"}` }, ok ? "Success" : "Failed");
}

/**
 * @param {string} text
 * @param {string} [kind]
 */
export function pill(text, kind = "neutral") {
  return h("span", { class: `pill pill-${kind}` }, text);
}

/**
 * @param {string} hash
 * @param {{ full?: boolean }} [options]
 */
export function txLink(hash, options = {}) {
  return h("a", { class: "mono", href: `#/tx/${hash}`, title: hash }, options.full ? hash : short(hash));
}

/** @param {string | number | bigint} number */
export function blockLink(number) {
  const n = BigInt(number);
  return h("a", { href: `#/block/${n}` }, `#${n.toLocaleString("en-US")}`);
}

/** @param {string | number | bigint} index */
export function batchLink(index) {
  const n = BigInt(index);
  return h("a", { href: `#/batch/${n}` }, `Batch ${n.toLocaleString("en-US")}`);
}

/**
 * @param {string} address
 * @param {{ full?: boolean }} [options]
 */
export function addressLink(address, options = {}) {
  return h(
    "a",
    { class: "mono", href: `#/address/${address.toLowerCase()}`, title: address },
    options.full ? address : short(address),
  );
}

/** A hash shown whole, breakable, with a copy button. @param {string} value */
export function fullHash(value) {
  return h("span", { class: "hash-full" }, h("span", { class: "mono break" }, value), copyButton(value));
}

/** @param {string} value */
export function copyButton(value) {
  const button = h("button", {
    type: "button",
    class: "copy",
    title: "Copy",
    "aria-label": "Copy to clipboard",
    onclick: async () => {
      try {
        await navigator.clipboard.writeText(value);
        button.classList.add("copied");
        setTimeout(() => button.classList.remove("copied"), 1200);
      } catch {
        // Clipboard access can be refused (insecure context); nothing to do.
      }
    },
  });
  return button;
}

/**
 * A list of labelled values. Rows whose value is null or undefined are left out.
 * @param {Array<[string, import("./dom.js").Child, string?]>} rows label, value, and a data-field name
 */
export function fields(rows) {
  return h(
    "dl",
    { class: "fields" },
    rows
      .filter(([, value]) => value !== null && value !== undefined)
      .map(([label, value, field]) =>
        h("div", { class: "field", "data-field": field }, h("dt", {}, label), h("dd", {}, value)),
      ),
  );
}

/**
 * @param {string} title
 * @param {import("./dom.js").Child} body
 * @param {{ action?: import("./dom.js").Child, id?: string, class?: string }} [options]
 */
export function card(title, body, options = {}) {
  return h(
    "section",
    { class: `card ${options.class ?? ""}`, "data-testid": options.id },
    h("header", { class: "card-head" }, h("h2", {}, title), options.action),
    h("div", { class: "card-body" }, body),
  );
}

/**
 * A table; columns marked `wide` are hidden on narrow screens.
 * @param {Array<{ label: string, wide?: boolean, num?: boolean }>} columns
 * @param {Array<Array<import("./dom.js").Child>>} rows
 * @param {{ empty?: string, rowAttrs?: (index: number) => Record<string, unknown> }} [options]
 */
export function table(columns, rows, options = {}) {
  if (rows.length === 0) return h("p", { class: "empty" }, options.empty ?? "Nothing yet.");
  const cls = (/** @type {{ wide?: boolean, num?: boolean }} */ c) =>
    [c.wide ? "wide" : "", c.num ? "num" : ""].join(" ").trim() || undefined;
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      {},
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          columns.map((c) => h("th", { class: cls(c), scope: "col" }, c.label)),
        ),
      ),
      h(
        "tbody",
        {},
        rows.map((cells, i) =>
          h(
            "tr",
            options.rowAttrs?.(i) ?? {},
            cells.map((cell, j) => h("td", { class: cls(columns[j] ?? {}) }, cell)),
          ),
        ),
      ),
    ),
  );
}

/**
 * @param {string} title
 * @param {string} [detail]
 */
export function notice(title, detail) {
  return h(
    "div",
    { class: "notice" },
    h("h2", {}, title),
    detail ? h("p", { class: "muted" }, detail) : null,
  );
}

/**
 * @param {string} kicker small label above the title
 * @param {import("./dom.js").Child} title
 * @param {import("./dom.js").Child} [aside]
 */
export function pageTitle(kicker, title, aside) {
  return h(
    "div",
    { class: "page-title" },
    h("div", {}, h("p", { class: "kicker" }, kicker), h("h1", {}, title)),
    aside ?? null,
  );
}

/**
 * A clock that counts down from `seconds` (as read now) once a second, until the next refresh replaces it.
 * @param {number} seconds
 */
export function countdown(seconds) {
  const end = performance.now() + seconds * 1000;
  return h("span", { "data-countdown-end": String(end) }, duration(seconds));
}

/** Updates every countdown on the page. */
export function tickCountdowns() {
  for (const el of document.querySelectorAll("[data-countdown-end]")) {
    const left = (Number(el.getAttribute("data-countdown-end")) - performance.now()) / 1000;
    el.textContent = duration(Math.max(0, left));
  }
}
