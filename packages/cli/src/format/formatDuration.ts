/** Seconds as a short duration for people: 0s, 42s, 3m 05s, 2h 00m, 3d 4h. */
export function formatDuration(seconds: bigint): string {
  if (seconds <= 0n) return "0s";
  const d = seconds / 86_400n;
  const h = (seconds % 86_400n) / 3_600n;
  const m = (seconds % 3_600n) / 60n;
  const s = seconds % 60n;
  const two = (n: bigint) => n.toString().padStart(2, "0");
  if (d > 0n) return `${d}d ${h}h`;
  if (h > 0n) return `${h}h ${two(m)}m`;
  if (m > 0n) return `${m}m ${two(s)}s`;
  return `${s}s`;
}
