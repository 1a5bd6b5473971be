// The web explorer in a real browser: `sequencer/src/main.ts` as a process against a real Hardhat L1
// (as test/e2e/sequencer.test.ts runs it), a transfer sent through its JSON-RPC and posted in a batch,
// then headless Chromium (Debian's, driven by playwright-core) loads /explorer, finds the transfer among
// the latest transactions, opens it, follows it to its batch and checks that page against L1, and
// opens the sender's account. Screenshots go to test-artifacts/explorer-*.png.
//
// Without Chromium the test is skipped, unless HALCYON_REQUIRE_BROWSER=1 (CI), where that is a failure.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { type Address, bytesToHex, type Hex } from "@halcyon/protocol";
import { type Browser, chromium, type Page } from "playwright-core";
import {
  createTestDatabase,
  type TestDatabase,
} from "../../packages/node-common/src/testing/createTestDatabase.ts";
import { waitFor } from "../../packages/node-common/src/testing/waitFor.ts";
import { ONE_ETH, testWallet, transferFields } from "../../packages/protocol/src/testing/fixtures.ts";
import { signTransactionForTest } from "../../packages/protocol/src/tx/testing.ts";
import { advanceTime, depositEth, send } from "../../scripts/lib/harness/l1.ts";
import { type HttpL1, startHttpL1 } from "../../sequencer/src/testing/httpL1.ts";
import { readPostedBatches } from "../../sequencer/src/testing/l1Reads.ts";
import { type ServiceProcess, sequencerTestEnv, startSequencerProcess } from "./serviceProcess.ts";

type Json = Record<string, unknown>;

const CHROMIUM = process.env.HALCYON_CHROMIUM ?? "/usr/bin/chromium";
const ARTIFACTS = fileURLToPath(new URL("../../test-artifacts/", import.meta.url));
const browserMissing = !existsSync(CHROMIUM);
if (browserMissing && process.env.HALCYON_REQUIRE_BROWSER === "1") {
  throw new Error(`HALCYON_REQUIRE_BROWSER=1 but there is no Chromium at ${CHROMIUM}`);
}

const alice = testWallet(301);
const bob = testWallet(302);
const SENT = ONE_ETH / 4n;

/** Wei as the explorer shows ETH: whole part with separators, up to 6 decimals (fees: 18), truncated. */
function ethText(wei: bigint, decimals = 6): string {
  const whole = (wei / ONE_ETH).toLocaleString("en-US");
  const frac = (wei % ONE_ETH).toString().padStart(18, "0").slice(0, decimals).replace(/0+$/, "");
  return `${whole}${frac === "" ? "" : `.${frac}`} ETH`;
}

describe("explorer in headless Chromium", {
  skip: browserMissing ? `no Chromium at ${CHROMIUM} (apt-get install chromium)` : false,
}, () => {
  let l1: HttpL1;
  let dir: string;
  let pg: TestDatabase | undefined;
  let seq: ServiceProcess;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  let transfer: Hex;

  async function result<T = Json>(method: string, params: unknown[]): Promise<T> {
    const res = await fetch(seq.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    });
    const answer = (await res.json()) as { result?: unknown; error?: { message: string } };
    if (answer.error !== undefined) throw new Error(`${method}: ${answer.error.message}`);
    return answer.result as T;
  }

  const field = (name: string) => page.locator(`[data-field="${name}"] dd`).first();

  async function screenshot(name: string): Promise<void> {
    await page.screenshot({ path: join(ARTIFACTS, `explorer-${name}.png`), fullPage: true });
  }

  before(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    l1 = await startHttpL1();
    await l1.setIntervalMining(200);
    dir = await mkdtemp(join(tmpdir(), "halcyon-explorer-"));
    const { env } = sequencerTestEnv(l1, dir, {
      SEQUENCER_BLOCK_TIME: "100",
      L1_CONFIRMATIONS: "2",
      BATCH_MAX_AGE: "500",
      SEQUENCER_DATA_DIR: join(dir, "data"),
    });
    const adminUrl = process.env.DATABASE_URL;
    if (adminUrl !== undefined && adminUrl !== "") {
      pg = await createTestDatabase(adminUrl, "explorer");
      env.DATABASE_URL = pg.url;
    }
    seq = await startSequencerProcess(env);

    await depositEth(l1, l1.others[0]!, alice.address, ONE_ETH);
    await waitFor(async () => BigInt(await result<Hex>("eth_getBalance", [alice.address, "latest"])) > 0n, {
      what: "the deposit on L2",
      timeoutMs: 30_000,
    });
    const raw = signTransactionForTest(
      transferFields({ to: bob.address, value: SENT, nonce: 0n }),
      alice.privateKey,
    ).raw;
    transfer = await result<Hex>("eth_sendRawTransaction", [bytesToHex(raw)]);
    await waitFor(
      async () => (await result("rollup_getTransactionStatus", [transfer]))?.l1Status === "posted",
      { what: "the transfer's batch posted on L1", timeoutMs: 60_000, intervalMs: 100 },
    );

    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox"] });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, colorScheme: "light" });
    // Script errors, failed requests and Content-Security-Policy violations all fail the test.
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`console: ${message.text()}`);
    });
    page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()}`));
  });

  after(async () => {
    await browser?.close();
    await seq?.kill();
    await pg?.drop();
    await l1?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it("finds the transfer among the latest transactions", async () => {
    const response = await page.goto(`${seq.url}/explorer`);
    assert.equal(response?.status(), 200);
    assert.equal(new URL(page.url()).pathname, "/explorer/");
    const row = page.locator(`[data-testid="latest-transactions"] tr[data-tx="${transfer}"]`);
    await row.waitFor({ timeout: 15_000 });
    const shownHead = BigInt(
      (await page.locator('[data-field="head"] .stat-value').textContent())!.replaceAll(",", ""),
    );
    const head = BigInt(await result<Hex>("eth_blockNumber", []));
    assert.ok(shownHead > 0n && shownHead <= head, `head ${shownHead} of ${head}`);
    assert.match((await row.textContent())!, /0\.25 ETH/);
    await screenshot("home");
    await row.locator(`a[href="#/tx/${transfer}"]`).click();
    await page.waitForURL(`**/explorer/#/tx/${transfer}`);
  });

  it("shows the transaction's receipt and its batch's L1 status", async () => {
    await page.locator('[data-field="l1-status"]').waitFor();
    const receipt = await result("eth_getTransactionReceipt", [transfer]);
    const status = await result("rollup_getTransactionStatus", [transfer]);
    assert.equal(await field("receipt-status").textContent(), "Success");
    assert.match((await field("block").textContent())!, new RegExp(`#${BigInt(receipt.blockNumber as Hex)}`));
    assert.equal(await field("from").textContent(), alice.address.toLowerCase());
    assert.equal(await field("to").textContent(), bob.address.toLowerCase());
    assert.equal(await field("value").textContent(), ethText(SENT));
    assert.equal(await field("nonce").textContent(), "0");
    assert.equal(
      await field("gas-used").textContent(),
      BigInt(receipt.gasUsed as Hex).toLocaleString("en-US"),
    );
    assert.equal(
      await field("fee").textContent(),
      ethText(BigInt(receipt.gasUsed as Hex) * BigInt(receipt.effectiveGasPrice as Hex), 18),
    );
    assert.equal(
      await page.locator('[data-field="l1-status"] [data-status]').getAttribute("data-status"),
      status.l1Status,
    );
    assert.equal(status.l1Status, "posted");
    assert.match((await field("l1-tx").textContent())!, new RegExp(status.l1TransactionHash as string));
    await screenshot("transaction");

    // Its block lists it, with the block's state root.
    await page.locator('[data-field="block"] a').click();
    await page.waitForURL(`**/explorer/#/block/${BigInt(receipt.blockNumber as Hex)}`);
    await page.locator(`[data-testid="block-transactions"] a[href="#/tx/${transfer}"]`).waitFor();
    const block = await result("eth_getBlockByNumber", [receipt.blockNumber, false]);
    assert.match((await field("state-root").textContent())!, new RegExp(block.stateRoot as string));
    await screenshot("block");
    await page.goBack();
    await page.locator('[data-field="l1-status"]').waitFor();
  });

  it("follows the transaction to its batch, whose L1 transaction and state root are L1's", async () => {
    const status = await result("rollup_getTransactionStatus", [transfer]);
    const index = BigInt(status.batchIndex as Hex);
    await page.locator('[data-field="batch"] a').click();
    await page.waitForURL(`**/explorer/#/batch/${index}`);
    await page.locator('[data-field="state-root"]').waitFor();
    const onL1 = (await readPostedBatches(l1)).batches.find((b) => b.record.index === index);
    assert.ok(onL1, `batch ${index} is on L1`);
    assert.match((await field("l1-tx").textContent())!, new RegExp(onL1.transactionHash));
    assert.match((await field("state-root").textContent())!, new RegExp(onL1.record.stateRoot));
    assert.equal(
      await page.locator('[data-field="l1-status"] [data-status]').getAttribute("data-status"),
      "posted",
    );
    const receipt = await result("eth_getTransactionReceipt", [transfer]);
    const blocks = (await field("blocks").textContent())!.replaceAll(",", "");
    const [first, last] = [...blocks.matchAll(/#(\d+)/g)].map((m) => BigInt(m[1]!));
    const block = BigInt(receipt.blockNumber as Hex);
    assert.ok(first! <= block && block <= last!, `block ${block} is in ${blocks}`);
    await screenshot("batch");
  });

  it("shows the sender's balance and history, found through the search box", async () => {
    await page.fill("#search-input", alice.address);
    await page.press("#search-input", "Enter");
    await page.waitForURL(`**/explorer/#/address/${alice.address.toLowerCase()}`);
    await page.locator(`[data-testid="address-history"] tr[data-tx="${transfer}"]`).waitFor();
    const balance = BigInt(await result<Hex>("eth_getBalance", [alice.address, "latest"]));
    assert.ok(balance > 0n && balance < ONE_ETH - SENT);
    assert.equal(await field("balance").textContent(), ethText(balance));
    assert.equal(await field("nonce").textContent(), "1");
    // The history: the transfer out, and the deposit that funded the account.
    const rows = page.locator('[data-testid="address-history"] tbody tr');
    assert.equal(await rows.count(), 2);
    assert.match((await rows.nth(0).textContent())!, /Out/);
    assert.match((await rows.nth(1).textContent())!, /Deposit from L1/);
    await screenshot("address");

    // The recipient sees the same transfer coming in.
    await page.goto(`${seq.url}/explorer/#/address/${bob.address.toLowerCase() as Address}`);
    const incoming = page.locator(`[data-testid="address-history"] tr[data-tx="${transfer}"]`);
    await incoming.waitFor();
    assert.match((await incoming.textContent())!, /In/);
    assert.equal(await field("balance").textContent(), ethText(SENT));
  });

  it("reads well at a phone's width", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${seq.url}/explorer/#/`);
    await page.locator('[data-testid="latest-transactions"] tbody tr').first().waitFor();
    const overflow = await page.evaluate<number>("document.documentElement.scrollWidth - window.innerWidth");
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
    await screenshot("home-phone");
    await page.goto(`${seq.url}/explorer/#/tx/${transfer}`);
    await page.locator('[data-field="l1-status"]').waitFor();
    await screenshot("transaction-phone");
  });

  it("shows a game opened against the batch, with both clocks, and the batch as challenged", async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    const status = await result("rollup_getTransactionStatus", [transfer]);
    const index = BigInt(status.batchIndex as Hex);
    const posted = (await readPostedBatches(l1)).batches.find((b) => b.record.index === index)!;
    const challenger = l1.others[4]!;
    await send(
      l1,
      l1.game(challenger).write.openGame([posted.record], { value: l1.parameters.challengerBond }),
    );
    // The defender answers with its first midpoint; then the challenger is to move.
    await waitFor(
      async () =>
        ((await result<Json[]>("rollup_getGames", []))[0]?.clocks as Json | null)?.mover === "challenger",
      { what: "the defender's first move", timeoutMs: 30_000 },
    );
    const [game] = await result<Json[]>("rollup_getGames", []);
    await page.goto(`${seq.url}/explorer/#/games`);
    const card = page.locator(`[data-testid="game-${BigInt(game!.gameId as Hex)}"]`);
    await card.waitFor();
    assert.match(
      (await card.locator('[data-field="batch"] dd').textContent())!,
      new RegExp(`Batch ${index}`),
    );
    assert.match((await card.locator('[data-clock="challenger"]').textContent())!, /running/);
    assert.match((await card.locator('[data-clock="proposer"]').textContent())!, /waiting/);
    // The running clock counts down between refreshes.
    const running = card.locator('[data-clock="challenger"] .clock-time');
    const shown = (await running.textContent())!;
    assert.match(shown, /^\d+ min \d\d s$/);
    // (Polled from here: the page's CSP refuses the string functions page.waitForFunction evaluates.)
    await waitFor(async () => (await running.textContent()) !== shown, {
      what: "the running clock to tick",
      timeoutMs: 5_000,
      intervalMs: 100,
    });
    await screenshot("games");

    // Searching the transaction's hash leads to its page, which now says challenged.
    await page.fill("#search-input", transfer);
    await page.press("#search-input", "Enter");
    await page.waitForURL(`**/explorer/#/tx/${transfer}`);
    await page.locator('[data-field="l1-status"] [data-status="challenged"]').waitFor();
    await page.goto(`${seq.url}/explorer/#/batch/${index}`);
    await page.locator('[data-testid="batch-games"]').waitFor();
    assert.equal(
      await page.locator('[data-field="l1-status"] [data-status]').getAttribute("data-status"),
      "challenged",
    );
    await screenshot("batch-challenged");
  });

  it("refreshes the overview on its own, and reads in dark mode", async () => {
    await page.goto(`${seq.url}/explorer/#/`);
    await page.locator(`[data-testid="latest-transactions"] tr[data-tx="${transfer}"]`).waitFor();
    const raw = signTransactionForTest(
      transferFields({ to: alice.address, value: 1n, nonce: 0n }),
      bob.privateKey,
    ).raw;
    const reply = await result<Hex>("eth_sendRawTransaction", [bytesToHex(raw)]);
    // No navigation: the overview's own refresh brings the new transaction in.
    await page
      .locator(`[data-testid="latest-transactions"] tr[data-tx="${reply}"]`)
      .waitFor({ timeout: 10_000 });
    await page.emulateMedia({ colorScheme: "dark" });
    await screenshot("home-dark");
  });

  it("shows the game won on time and the batch final once its window has passed", async () => {
    await page.emulateMedia({ colorScheme: "light" });
    // Past the challenger's clock: the defender claims the game. Then past the challenge window: the
    // sequencer finalizes the batches. (One step at a time: the sequencer sends finalizeBatches up to a
    // given batch only once, so a call made while the game still held batches back would not be redone.)
    await advanceTime(l1, l1.parameters.challengerClock + 1n);
    await waitFor(async () => (await result<Json[]>("rollup_getGames", []))[0]?.status === "proposer-won", {
      what: "the game won on time",
      timeoutMs: 30_000,
      intervalMs: 200,
    });
    await advanceTime(l1, l1.parameters.challengeWindow);
    await waitFor(
      async () => (await result("rollup_getTransactionStatus", [transfer])).l1Status === "final",
      {
        what: "the transfer's batch final",
        timeoutMs: 60_000,
        intervalMs: 200,
      },
    ).catch(async (error: Error) => {
      const state = {
        games: await result("rollup_getGames", []),
        status: await result("rollup_getStatus", []),
      };
      const log = seq
        .output()
        .split("\n")
        .filter((l) => /"level":(40|50|60)/.test(l))
        .slice(-15)
        .join("\n");
      throw new Error(`${error.message}: ${JSON.stringify(state)}\n${log}`);
    });
    await page.goto(`${seq.url}/explorer/#/tx/${transfer}`);
    await page.locator('[data-field="l1-status"] [data-status="final"]').waitFor();
    await screenshot("transaction-final");
    await page.goto(`${seq.url}/explorer/#/games`);
    await page.locator('[data-testid^="game-"]').first().waitFor();
    assert.match(
      (await page.locator('[data-testid^="game-"] .card-head').first().textContent())!,
      /Sequencer won/,
    );
  });

  it("shows what a visitor typed as text, never as markup", async () => {
    const typed = '<img src=x id=injected onerror="window.hacked=1"><b>bold</b>';
    await page.goto(`${seq.url}/explorer/#/`);
    await page.fill("#search-input", typed);
    await page.press("#search-input", "Enter");
    const heading = page.locator("#app .notice h2");
    await heading.waitFor();
    assert.equal(await heading.textContent(), `Nothing to look up for “${typed}”`);
    assert.equal(await page.locator("#injected").count(), 0);
    assert.equal(await page.locator("#app b").count(), 0);
  });

  it("logged no script error, failed request or CSP violation", () => {
    assert.deepEqual(problems, []);
  });
});
