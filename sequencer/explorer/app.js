// The explorer: a hash router over views, each a function of the route that reads the JSON-RPC and
// returns a node. The page never parses data as HTML (dom.js).

import { notice, tickCountdowns } from "./components.js";
import { h, replace } from "./dom.js";
import { ADDRESS, HASH } from "./format.js";
import { call, RpcError } from "./rpc.js";
import { addressView } from "./views/address.js";
import { batchesView, batchView } from "./views/batch.js";
import { blockView } from "./views/block.js";
import { gamesView } from "./views/games.js";
import { homeView } from "./views/home.js";
import { routeOf, searchView } from "./views/search.js";
import { transactionView } from "./views/transaction.js";

/** @typedef {{ node?: Node, redirect?: string, refreshMs?: number }} View */

/**
 * The view for a location hash, and the section it belongs to (for the navigation).
 * @param {string} hash
 * @returns {{ section: string, load: () => Promise<View> }}
 */
function route(hash) {
  const parts = hash.replace(/^#\/?/, "").split("/");
  const [kind = "", arg = "", extra] = parts;
  if (kind === "") return { section: "home", load: homeView };
  if (kind === "tx" && HASH.test(arg)) return { section: "", load: () => transactionView(arg.toLowerCase()) };
  if (kind === "block" && (/^\d{1,18}$/.test(arg) || HASH.test(arg)))
    return { section: "", load: () => blockView(arg) };
  if (kind === "batch" && /^\d{1,18}$/.test(arg)) return { section: "batches", load: () => batchView(arg) };
  if (kind === "batches") {
    const before = arg === "before" && /^\d{1,18}$/.test(extra ?? "") ? extra : undefined;
    return { section: "batches", load: () => batchesView(before) };
  }
  if (kind === "games") return { section: "games", load: gamesView };
  if (kind === "address" && ADDRESS.test(arg)) return { section: "", load: () => addressView(arg) };
  if (kind === "search") return { section: "", load: () => searchView(decodeURIComponent(arg)) };
  return {
    section: "",
    load: async () => ({
      node: notice("Page not found", "That address does not lead anywhere in the explorer."),
    }),
  };
}

const app = /** @type {HTMLElement} */ (document.getElementById("app"));
let generation = 0;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let timer;

/** @param {unknown} error */
function errorView(error) {
  const message = error instanceof RpcError ? error.message : "Something went wrong while reading the chain.";
  return notice("Could not load this page", message);
}

/**
 * Renders the current route; a refresh keeps the page as it is until the new one is ready.
 * @param {boolean} refresh
 */
async function render(refresh) {
  const mine = ++generation;
  clearTimeout(timer);
  const { section, load } = route(window.location.hash);
  for (const link of document.querySelectorAll("[data-nav]")) {
    link.classList.toggle("active", link.getAttribute("data-nav") === section);
  }
  if (!refresh) {
    replace(app, h("div", { class: "loading", role: "status" }, h("span", { class: "spinner" }), "Loading…"));
  }
  /** @type {View} */
  let view;
  try {
    view = await load();
  } catch (error) {
    if (refresh) view = { refreshMs: 5000 };
    else view = { node: errorView(error) };
  }
  if (mine !== generation) return;
  if (view.redirect) {
    window.location.replace(view.redirect);
    return;
  }
  if (view.node) {
    const scroll = window.scrollY;
    replace(app, view.node);
    app.setAttribute("data-ready", String(mine));
    if (refresh) window.scrollTo(0, scroll);
    else window.scrollTo(0, 0);
  }
  if (view.refreshMs) {
    timer = setTimeout(() => {
      // Only while someone is looking.
      if (document.visibilityState === "visible") void render(true);
      else document.addEventListener("visibilitychange", () => render(true), { once: true });
    }, view.refreshMs);
  }
}

const form = /** @type {HTMLFormElement} */ (document.getElementById("search"));
const input = /** @type {HTMLInputElement} */ (document.getElementById("search-input"));
form.addEventListener("submit", (event) => {
  event.preventDefault();
  const term = input.value.trim();
  if (term === "") return;
  input.value = "";
  input.blur();
  window.location.hash = routeOf(term);
});

window.addEventListener("hashchange", () => void render(false));
// Game clocks run between refreshes.
setInterval(tickCountdowns, 1000);
void render(false);

// The footer names the chain this sequencer runs.
call("eth_chainId").then(
  (id) => {
    const info = document.getElementById("chain-info");
    if (info) info.textContent = `Halcyon L2 · chain id ${BigInt(id)}`;
  },
  () => undefined,
);
