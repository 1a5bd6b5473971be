import { TemporaryError } from "../errors.ts";
import type { DerivedHead, DerivedItem } from "./types.ts";

// Stage 4 of the derivation: every derived item must continue the chain derived so far exactly as
// the contracts did (docs/protocol.md §6.1): queue entries without gaps; a batch at the next index, in
// the current epoch, on the last root and queue position, with queueLimit = the queue length when it
// was appended; a deletion of live batches. The contracts enforce all of it, so a break means the
// logs the verifier read are incomplete (an L1 node that dropped some): a temporary error, and the
// range is read again.

function broken(what: string, details: Record<string, bigint | string>): never {
  throw new TemporaryError(`derived chain broken: ${what} (incomplete logs from the L1 node?)`, { details });
}

/** The head after `item`, or a TemporaryError if the item does not continue `head`. */
export function advanceHead(head: DerivedHead, item: DerivedItem): DerivedHead {
  switch (item.kind) {
    case "queue-entry": {
      if (item.entry.queueIndex !== head.queueLength) {
        broken("queue entry out of order", { expected: head.queueLength, found: item.entry.queueIndex });
      }
      return { ...head, queueLength: head.queueLength + 1n };
    }
    case "batch": {
      const r = item.record;
      if (r.index !== head.batchCount)
        broken("batch out of order", { expected: head.batchCount, found: r.index });
      if (r.index > 0n) {
        if (r.epoch !== head.epoch) broken("batch epoch", { expected: head.epoch, found: r.epoch });
        if (r.parentStateRoot !== head.lastStateRoot) {
          broken("batch parent root", { expected: head.lastStateRoot, found: r.parentStateRoot });
        }
        if (r.queueStart !== head.queueApplied) {
          broken("batch queue start", { expected: head.queueApplied, found: r.queueStart });
        }
        if (r.queueLimit !== head.queueLength) {
          broken("batch queue limit", { expected: head.queueLength, found: r.queueLimit });
        }
      }
      return {
        ...head,
        batchCount: head.batchCount + 1n,
        lastStateRoot: r.stateRoot,
        queueApplied: r.queueApplied,
      };
    }
    case "deletion": {
      if (
        item.fromIndex < 1n ||
        item.fromIndex >= head.batchCount ||
        item.previousCount !== head.batchCount
      ) {
        broken("deletion of batches that are not live", {
          fromIndex: item.fromIndex,
          previousCount: item.previousCount,
          batchCount: head.batchCount,
        });
      }
      if (item.epoch !== head.epoch + 1n)
        broken("deletion epoch", { expected: head.epoch + 1n, found: item.epoch });
      return {
        ...head,
        batchCount: item.fromIndex,
        lastStateRoot: item.stateRoot,
        queueApplied: item.queueApplied,
        epoch: item.epoch,
      };
    }
  }
}
