// State tree benchmark: build a 100,000-leaf tree of random keys, then apply batches of 1,000 random
// updates (half to existing keys, half new keys) with one root() per batch. Each round's new keys are
// deleted again, untimed, so every round starts from the same 100,000 leaves. A raw keccak256 baseline
// of 64-byte inputs is measured in the same run, so leafUpdatesPerSec / hashesPerSec can be compared
// across noisy machines. Figures are medians over rounds.
// Usage: node scripts/bench/tree.ts [--json] [--verbose]
import { randomBytes } from "node:crypto";
import { keccak256 } from "../../packages/protocol/src/crypto/keccak.ts";
import { createStateTree } from "../../packages/protocol/src/tree/stateTree.ts";

const LEAVES = 100_000;
const BATCH = 1_000;
const BATCHES = 20;
const ROUNDS = 7;
const json = process.argv.includes("--json");

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

function measureKeccak(): number {
  const input = new Uint8Array(64).fill(7);
  const n = 200_000;
  const t = performance.now();
  for (let i = 0; i < n; i++) input.set(keccak256(input), 0);
  return n / ((performance.now() - t) / 1000);
}

// Random words from one big buffer (the bench itself may be impure; the package may not).
function words(n: number): Uint8Array[] {
  const buf = randomBytes(32 * n);
  return Array.from({ length: n }, (_, i) => new Uint8Array(buf.buffer, buf.byteOffset + 32 * i, 32));
}

const tree = createStateTree();
const keys = words(LEAVES);
const values = words(LEAVES);
let t = performance.now();
for (let i = 0; i < LEAVES; i++) tree.set(keys[i]!, values[i]!);
tree.root();
const buildMs = performance.now() - t;

const rates: number[] = [];
const hashRates: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  hashRates.push(measureKeccak());
  // Prepare the updates outside the timed loop: half existing keys, half new ones.
  const updates: [Uint8Array, Uint8Array][] = [];
  const fresh = words(BATCHES * BATCH);
  const vals = words(BATCHES * BATCH);
  for (let i = 0; i < BATCHES * BATCH; i++) {
    const key = i % 2 === 0 ? keys[(Math.random() * keys.length) | 0]! : fresh[i]!;
    updates.push([key, vals[i]!]);
  }
  t = performance.now();
  for (let b = 0; b < BATCHES; b++) {
    for (let i = b * BATCH; i < (b + 1) * BATCH; i++) {
      const [key, value] = updates[i]!;
      tree.set(key, value);
    }
    tree.root();
  }
  rates.push((BATCHES * BATCH) / ((performance.now() - t) / 1000));
  hashRates.push(measureKeccak());
  for (let i = 1; i < BATCHES * BATCH; i += 2) tree.delete(fresh[i]!);
  tree.root();
}

const leafUpdatesPerSec = Math.round(median(rates));
const hashesPerSec = Math.round(median(hashRates));
if (!json || process.argv.includes("--verbose")) {
  console.log(`built ${LEAVES} leaves in ${buildMs.toFixed(0)} ms`);
  console.log(`batched updates/s per round: ${rates.map((r) => Math.round(r)).join(", ")}`);
  console.log(
    `keccak256(64 B)/s: ${Math.round(hashesPerSec)}; ratio ${(leafUpdatesPerSec / hashesPerSec).toFixed(4)}`,
  );
}
if (json) console.log(JSON.stringify({ leaves: LEAVES, leafUpdatesPerSec, hashesPerSec }));
