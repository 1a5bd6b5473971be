// What every benchmark script shares: its command-line flags, a readable log that --json silences,
// and a seeded generator so that every run works on the same inputs.

export const json = process.argv.includes("--json");

/** The value after `name` on the command line, if any. */
export function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
}

/** A readable line, printed only without --json (whose last line must be the JSON object). */
export function log(message: string): void {
  if (!json) console.log(message);
}

/** A deterministic xorshift generator: `next(n)` is uniform-ish in [0, n). */
export function createRandom(seed: number): (n: number) => number {
  let s = seed | 0 || 1;
  return (n: number): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) % n;
  };
}
