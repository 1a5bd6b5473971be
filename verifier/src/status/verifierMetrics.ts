import type { Metrics } from "@halcyon/node-common";

// The verifier's Prometheus metrics, registered in the service's own registry (served at /metrics).

export type VerifierMetrics = ReturnType<typeof createVerifierMetrics>;

export function createVerifierMetrics(metrics: Metrics) {
  return {
    l1Head: metrics.gauge("l1_head_block", { help: "Latest L1 block number seen" }),
    l1Confirmed: metrics.gauge("l1_confirmed_block", { help: "Highest L1 block old enough to derive" }),
    l1Derived: metrics.gauge("l1_derived_block", { help: "Last L1 block whose logs are derived and stored" }),
    reorgs: metrics.counter("l1_reorgs_total", { help: "L1 reorgs that reached derived blocks" }),
    batchesDerived: metrics.counter("batches_derived_total", { help: "Batches derived from L1 calldata" }),
    queueEntriesDerived: metrics.counter("queue_entries_derived_total", {
      help: "Queue entries derived from Bridge events",
    }),
    deletions: metrics.counter("batch_deletions_total", { help: "BatchesDeleted events derived" }),
    batchesReplayed: metrics.counter<"result">("batches_replayed_total", {
      help: "Batches replayed, by result (agreed or disputed)",
      labelNames: ["result"],
    }),
    transactionsReplayed: metrics.counter("transactions_replayed_total", {
      help: "Transaction steps replayed",
    }),
    lastVerifiedBatch: metrics.gauge("last_verified_batch", { help: "Index of the last replayed batch" }),
    replaySeconds: metrics.histogram("batch_replay_seconds", {
      help: "Wall time from one stored batch to the next during replay",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    }),
    gamesOpen: metrics.gauge("games_open", { help: "This verifier's games in progress" }),
    gamesResolved: metrics.counter<"outcome">("games_resolved_total", {
      help: "This verifier's games that ended, by outcome",
      labelNames: ["outcome"],
    }),
    movesSent: metrics.counter<"move">("l1_moves_sent_total", {
      help: "L1 transactions sent by the challenger, by move",
      labelNames: ["move"],
    }),
    errors: metrics.counter<"grade">("errors_total", {
      help: "Errors in the main loop, by grade (temporary, reset, critical)",
      labelNames: ["grade"],
    }),
    bondBalance: metrics.gauge("bond_balance_wei", { help: "L1 balance of the challenger's account (wei)" }),
    credit: metrics.gauge("dispute_credit_wei", {
      help: "Withdrawable DisputeGame credit of the challenger (wei)",
    }),
  };
}
