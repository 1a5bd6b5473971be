// Reading a service's JSON-lines log (pino) in end-to-end tests: the decisions it logged are part of what
// the tests check, as an operator would read them.

export type LogLine = Record<string, unknown> & { readonly msg?: string };

/** Every JSON line of `output` whose message starts with `msg` (other lines and stderr are skipped). */
export function logLines(output: string, msg: string): LogLine[] {
  const out: LogLine[] = [];
  for (const line of output.split("\n")) {
    if (!line.startsWith("{") || !line.includes(msg)) continue;
    let parsed: LogLine;
    try {
      parsed = JSON.parse(line) as LogLine;
    } catch {
      continue; // a line cut by a kill
    }
    if (typeof parsed.msg === "string" && parsed.msg.startsWith(msg)) out.push(parsed);
  }
  return out;
}

/** A bigint logged as a JSON number or string. */
export function logBigint(value: unknown): bigint {
  if (typeof value === "number" || typeof value === "string" || typeof value === "bigint")
    return BigInt(value);
  throw new TypeError(`not a logged integer: ${JSON.stringify(value)}`);
}
