import { UsageError } from "../errors.ts";

/** An RPC endpoint: an http(s) URL. Throws UsageError naming `source` (the flag or variable it came from). */
export function parseRpcUrl(text: string, source: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`${source}: expected an http(s) URL like http://127.0.0.1:8545, got "${text}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(`${source}: expected an http(s) URL like http://127.0.0.1:8545, got "${text}"`);
  }
  return text;
}
