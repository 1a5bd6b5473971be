import { equalBytes, type StateTree } from "@halcyon/protocol";

// A state tree that remembers, for every leaf written since the last takeChanges(), the value it had
// before the first write: what the replay persists per batch so that a batch can be unwound (a lost
// game, a reorg) and a disputed batch's pre-state rebuilt, without keeping old tree nodes.
//
// The state transition writes a leaf only right after reading it (docs/protocol.md §3.3), so the value
// a write replaces is almost always the one the last get() returned: it is taken from there rather
// than from another descent of the tree (which would cost as much as the read itself). That value is
// the array get() handed out: L2State only decodes what it reads, never mutates it.

/** One leaf a batch changed: its value before the batch (undefined: absent) and after. */
export type LeafChange = {
  readonly key: Uint8Array;
  readonly previous: Uint8Array | undefined;
  readonly value: Uint8Array | undefined;
};

export type RecordingTree = StateTree & {
  /** The net changes since the last call (leaves written back to their old value are left out). */
  takeChanges(): LeafChange[];
  /** Forgets the changes recorded so far (after an unwind, which writes old values back). */
  discardChanges(): void;
};

// The first 6 bytes of a key (keys are keccak outputs, so well spread) as a number: a cheap Map key
// for a bucket, inside which keys are compared in full.
function bucketOf(key: Uint8Array): number {
  return (
    (key[0]! * 0x10000 + key[1]! * 0x100 + key[2]!) * 0x1000000 +
    key[3]! * 0x10000 +
    key[4]! * 0x100 +
    key[5]!
  );
}

type Touched = { key: Uint8Array; previous: Uint8Array | undefined; value: Uint8Array | undefined };

export function createRecordingTree(inner: StateTree): RecordingTree {
  let touched = new Map<number, Touched | Touched[]>();
  let order: Touched[] = [];
  // The last get(): its key (a copy) and the value it returned.
  let lastKey: Uint8Array | undefined;
  let lastValue: Uint8Array | undefined;

  function previousOf(key: Uint8Array): Uint8Array | undefined {
    return lastKey !== undefined && equalBytes(lastKey, key) ? lastValue : inner.get(key);
  }

  function record(key: Uint8Array, value: Uint8Array | undefined): void {
    const bucket = bucketOf(key);
    const found = touched.get(bucket);
    let entry: Touched | undefined;
    if (found !== undefined) {
      if (Array.isArray(found)) entry = found.find((t) => equalBytes(t.key, key));
      else if (equalBytes(found.key, key)) entry = found;
    }
    if (entry !== undefined) {
      entry.value = value;
    } else {
      entry = { key: key.slice(), previous: previousOf(key), value };
      order.push(entry);
      if (found === undefined) touched.set(bucket, entry);
      else if (Array.isArray(found)) found.push(entry);
      else touched.set(bucket, [found, entry]);
    }
    lastKey = undefined;
  }

  return {
    get(key) {
      const value = inner.get(key);
      lastKey = key.slice();
      lastValue = value;
      return value;
    },
    has: (key) => inner.has(key),
    set(key, value) {
      record(key, value.slice());
      inner.set(key, value);
    },
    delete(key) {
      record(key, undefined);
      return inner.delete(key);
    },
    root: () => inner.root(),
    prove: (key) => inner.prove(key),
    proveDelete: (key) => inner.proveDelete(key),
    commit: () => inner.commit(),
    takeChanges() {
      const out: LeafChange[] = [];
      for (const { key, previous, value } of order) {
        const same =
          previous === undefined || value === undefined ? previous === value : equalBytes(previous, value);
        if (!same) out.push({ key, previous, value });
      }
      touched = new Map();
      order = [];
      return out;
    },
    discardChanges() {
      touched = new Map();
      order = [];
      lastKey = undefined;
    },
  };
}
