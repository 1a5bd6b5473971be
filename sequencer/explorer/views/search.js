// What a search term is: a transaction or block hash, an address, a block or batch number.

import { batchLink, blockLink, card, notice, pageTitle } from "../components.js";
import { h } from "../dom.js";
import { ADDRESS, HASH } from "../format.js";
import { batch } from "../rpc.js";

/**
 * The route a term leads to straight away, if it needs no lookup.
 * @param {string} term
 * @returns {string}
 */
export function routeOf(term) {
  const q = term.trim();
  if (ADDRESS.test(q)) return `#/address/${q.toLowerCase()}`;
  const batchMatch = /^(?:batch\s*|b)#?(\d+)$/i.exec(q);
  if (batchMatch) return `#/batch/${BigInt(batchMatch[1] ?? "0")}`;
  const blockMatch = /^(?:block\s*)#?(\d+)$/i.exec(q);
  if (blockMatch) return `#/block/${BigInt(blockMatch[1] ?? "0")}`;
  return `#/search/${encodeURIComponent(q)}`;
}

/** @param {string} term */
export async function searchView(term) {
  const q = term.trim();
  if (HASH.test(q)) {
    const hash = q.toLowerCase();
    const [tx, block] = await batch([
      ["eth_getTransactionByHash", [hash]],
      ["eth_getBlockByHash", [hash, false]],
    ]);
    if (tx !== null) return { redirect: `#/tx/${hash}` };
    if (block !== null) return { redirect: `#/block/${hash}` };
    return { node: notice("Nothing found", `No transaction or block has the hash ${hash}.`) };
  }
  if (/^\d{1,18}$/.test(q)) {
    const n = BigInt(q);
    const hex = `0x${n.toString(16)}`;
    const [block, found] = await batch([
      ["eth_getBlockByNumber", [hex, false]],
      ["rollup_getBatchByIndex", [hex]],
    ]);
    if (block !== null && found === null) return { redirect: `#/block/${n}` };
    if (block === null && found !== null) return { redirect: `#/batch/${n}` };
    if (block === null) return { node: notice("Nothing found", `There is no block or batch ${n} yet.`) };
    const node = h(
      "div",
      { class: "stack" },
      pageTitle("Search", `“${q}” is both`),
      card(
        "Results",
        h(
          "ul",
          { class: "choices" },
          h("li", {}, blockLink(n), h("span", { class: "muted" }, " — an L2 block")),
          h("li", {}, batchLink(n), h("span", { class: "muted" }, " — a batch of L2 blocks posted to L1")),
        ),
      ),
    );
    return { node };
  }
  return {
    node: notice(
      `Nothing to look up for “${q}”`,
      "Search for a transaction hash, a block number or hash, a batch (“batch 12”) or an account address.",
    ),
  };
}
