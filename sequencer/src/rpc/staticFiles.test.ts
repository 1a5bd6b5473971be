import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startTestSequencer, type TestSequencer } from "../testing/testSequencer.ts";
import { CONTENT_SECURITY_POLICY, EXPLORER_DIR } from "./staticFiles.ts";

// The explorer's files as the sequencer's HTTP server serves them: content types, revalidation with
// ETags, the Content-Security-Policy, and nothing outside the explorer's folder. JSON-RPC on the same
// port is untouched.

describe("explorer files on the RPC port", () => {
  let node: TestSequencer;

  before(async () => {
    node = await startTestSequencer("explorer-files");
  });

  after(async () => {
    await node.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${node.url}${path}`, { headers, redirect: "manual" });

  it("redirects /explorer to /explorer/, which is the page", async () => {
    const redirect = await get("/explorer");
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.get("location"), "/explorer/");
    const page = await get("/explorer/");
    assert.equal(page.status, 200);
    assert.equal(page.headers.get("content-type"), "text/html; charset=utf-8");
    assert.equal(await page.text(), await readFile(join(EXPLORER_DIR, "index.html"), "utf8"));
  });

  it("serves each asset with its type, a strict CSP and an ETag to revalidate against", async () => {
    for (const [path, type] of [
      ["/explorer/app.js", "text/javascript; charset=utf-8"],
      ["/explorer/views/home.js", "text/javascript; charset=utf-8"],
      ["/explorer/style.css", "text/css; charset=utf-8"],
      ["/explorer/favicon.svg", "image/svg+xml"],
    ] as const) {
      const res = await get(path);
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get("content-type"), type, path);
      assert.equal(res.headers.get("cache-control"), "no-cache");
      assert.equal(res.headers.get("x-content-type-options"), "nosniff");
      const csp = res.headers.get("content-security-policy")!;
      assert.equal(csp, CONTENT_SECURITY_POLICY);
      assert.match(csp, /script-src 'self'(;|$)/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      const etag = res.headers.get("etag")!;
      assert.match(etag, /^"[\w-]+"$/);
      const again = await get(path, { "If-None-Match": etag });
      assert.equal(again.status, 304);
      assert.equal(await again.text(), "");
      const changed = await get(path, { "If-None-Match": '"something-else"' });
      assert.equal(changed.status, 200);
    }
    const head = await fetch(`${node.url}/explorer/app.js`, { method: "HEAD" });
    assert.equal(head.status, 200);
    assert.ok(Number(head.headers.get("content-length")) > 0);
  });

  it("has no inline script or style in the page", async () => {
    const html = await (await get("/explorer/")).text();
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/);
    assert.doesNotMatch(html, /<style|\sstyle=|\son\w+=/);
  });

  it("answers 404 for unknown names and never leaves the explorer's folder", async () => {
    for (const path of ["/explorer/nope.js", "/explorer/../package.json", "/explorer/%2e%2e/package.json"]) {
      const res = await get(path);
      assert.ok(res.status === 404 || res.status === 405, `${path}: ${res.status}`);
      assert.doesNotMatch(await res.text(), /halcyon\/sequencer/);
    }
    const post = await fetch(`${node.url}/explorer/app.js`, { method: "POST", body: "{}" });
    assert.equal(post.status, 405);
  });

  it("leaves JSON-RPC and /health where they were", async () => {
    const res = await fetch(node.url, {
      method: "POST",
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
    });
    assert.equal(((await res.json()) as { result: string }).result.startsWith("0x"), true);
    assert.equal((await get("/health")).status, 200);
  });
});
