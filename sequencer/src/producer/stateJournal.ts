import { equalBytes, type StateAccessObserver, type StateTree } from "@halcyon/protocol";
import { bytesKey } from "../chain/bytesKey.ts";
import type { LeafChange } from "../chain/sealedBlock.ts";

/**
 * Records, for one block, the value every state key held before the block first touched it.
 *
 * It is the state's access observer while the block is built: the state transition reads every key
 * right before it writes it (docs/protocol.md §3.3), so the keys read are a superset of the keys
 * written. At the end, the keys whose value changed are the block's leaf writes, and their earlier
 * values its diff (what the store keeps so a recent block's pre-state can be rebuilt). Until the
 * block is persisted, the same map answers "latest" reads with the values from before the block.
 */
export class StateJournal implements StateAccessObserver {
  readonly #tree: StateTree;
  readonly #touched = new Map<string, { key: Uint8Array; previous: Uint8Array | undefined }>();

  constructor(tree: StateTree) {
    this.#tree = tree;
  }

  onRead(key: Uint8Array): void {
    const k = bytesKey(key);
    if (!this.#touched.has(k)) this.#touched.set(k, { key: key.slice(), previous: this.#tree.get(key) });
  }

  onWithdrawalAppend(): void {}

  /** Whether the block touched `key`, and if so its value before the block. */
  previous(key: Uint8Array): { touched: false } | { touched: true; value: Uint8Array | undefined } {
    const entry = this.#touched.get(bytesKey(key));
    return entry === undefined ? { touched: false } : { touched: true, value: entry.previous };
  }

  /** The leaves the block changed, with their earlier values, in first-touch order. */
  changes(): LeafChange[] {
    const out: LeafChange[] = [];
    for (const { key, previous } of this.#touched.values()) {
      const value = this.#tree.get(key);
      // The state transition never deletes a leaf (docs/protocol.md §2.1).
      if (value === undefined) continue;
      if (previous !== undefined && equalBytes(previous, value)) continue;
      out.push({ key, value, previous });
    }
    return out;
  }
}
