import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

// The explorer's files (sequencer/explorer/: HTML, CSS, ES modules; no build step), read once at start
// and served under one path prefix with their content type, an ETag, and a strict Content-Security-Policy:
// scripts, styles and requests only from this origin, no inline code, no framing.

/** Where the explorer's files are in the source tree. */
export const EXPLORER_DIR = fileURLToPath(new URL("../../explorer/", import.meta.url));

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".txt": "text/plain; charset=utf-8",
};

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const SECURITY_HEADERS = {
  "Content-Security-Policy": CONTENT_SECURITY_POLICY,
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
} as const;

type StaticFile = { readonly body: Buffer; readonly type: string; readonly etag: string };

export type StaticSite = {
  /** Answers the request if its path is the site's (true), or leaves it alone (false). */
  handle(req: IncomingMessage, res: ServerResponse, pathname: string): boolean;
};

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/**
 * Serves the files of `dir` under `prefix` (e.g. "/explorer"): `prefix/` is index.html, `prefix` redirects
 * there (so relative links resolve), other paths are files by name; unknown names and files of unknown
 * types are 404. Files are revalidated on each load (`no-cache` with an ETag): without a build step their
 * names carry no hash, and a sequencer upgrade must not leave an old script cached beside new HTML.
 */
export async function loadStaticSite(dir: string, prefix: string): Promise<StaticSite> {
  const files = new Map<string, StaticFile>();
  for (const path of await listFiles(dir)) {
    const type = CONTENT_TYPES[extname(path)];
    if (type === undefined) continue;
    const body = await readFile(path);
    const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"`;
    files.set(`/${relative(dir, path).split(sep).join("/")}`, { body, type, etag });
  }
  return {
    handle(req, res, pathname) {
      if (pathname !== prefix && !pathname.startsWith(`${prefix}/`)) return false;
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.writeHead(405, { Allow: "GET, HEAD" });
        res.end();
        return true;
      }
      if (pathname === prefix) {
        res.writeHead(301, { Location: `${prefix}/`, ...SECURITY_HEADERS });
        res.end();
        return true;
      }
      const name = pathname.slice(prefix.length);
      const file = files.get(name === "/" ? "/index.html" : name);
      if (file === undefined) {
        res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8", ...SECURITY_HEADERS });
        res.end("not found\n");
        return true;
      }
      const headers = {
        "Content-Type": file.type,
        "Cache-Control": "no-cache",
        ETag: file.etag,
        ...SECURITY_HEADERS,
      };
      if (req.headers["if-none-match"] === file.etag) {
        res.writeHead(304, headers);
        res.end();
        return true;
      }
      res.writeHead(200, { ...headers, "Content-Length": file.body.length });
      res.end(req.method === "HEAD" ? undefined : file.body);
      return true;
    },
  };
}
