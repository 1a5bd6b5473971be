import type { Migration } from "@halcyon/node-common";

// The verifier's tables. It owns its database: run it on a database of its own (another service's
// migrations in the same database would clash in schema_migrations).
//
// Derivation (what L1 says): the cursor, the hashes of blocks that carried items (to find a common
// ancestor after a reorg), the queue entries and the batches with their data. Every row remembers its
// L1 block, so a reorg deletes what removed blocks brought; a batch deleted by a lost game is marked
// with the block of BatchesDeleted, so a reorg of that block makes it live again.
//
// Replay (what the verifier computed): the current state leaves; per replayed batch the previous value
// of every leaf it wrote (NULL: the leaf was absent), its withdrawals and its result. Undoing the
// changes of batches >= i gives the pre-state of batch i, for unwinding and for one-step proofs.
//
// Challenger: its games, and the step commitments of disputed batches.
export const VERIFIER_MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: "verifier schema",
    sql: `
CREATE TABLE verifier_meta (
  key text PRIMARY KEY,
  value text NOT NULL
);

CREATE TABLE l1_cursor (
  id smallint PRIMARY KEY CHECK (id = 1),
  block_number int8 NOT NULL,
  block_hash bytea NOT NULL
);

CREATE TABLE l1_block (
  block_number int8 PRIMARY KEY,
  block_hash bytea NOT NULL
);

CREATE TABLE queue_entry (
  queue_index int8 PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('eth-deposit', 'erc20-deposit', 'forced-transaction')),
  from_address bytea NOT NULL,
  to_address bytea,
  l1_token bytea,
  amount numeric(78, 0),
  raw_transaction bytea,
  l1_timestamp int8 NOT NULL,
  entry_hash bytea NOT NULL,
  l1_block int8 NOT NULL,
  l1_log_index int4 NOT NULL
);
CREATE INDEX queue_entry_l1_block ON queue_entry (l1_block);

CREATE TABLE batch (
  record_hash bytea PRIMARY KEY,
  batch_index int8 NOT NULL,
  epoch int8 NOT NULL,
  data_root bytea NOT NULL,
  parent_state_root bytea NOT NULL,
  state_root bytea NOT NULL,
  steps int4 NOT NULL,
  queue_start int8 NOT NULL,
  queue_limit int8 NOT NULL,
  queue_applied int8 NOT NULL,
  appended_at int8 NOT NULL,
  proposer bytea NOT NULL,
  header bytea NOT NULL,
  data bytea NOT NULL,
  l1_block int8 NOT NULL,
  l1_log_index int4 NOT NULL,
  l1_tx_hash bytea NOT NULL,
  deleted_at_block int8
);
CREATE UNIQUE INDEX batch_live_index ON batch (batch_index) WHERE deleted_at_block IS NULL;
CREATE INDEX batch_l1_block ON batch (l1_block);
CREATE INDEX batch_deleted_at_block ON batch (deleted_at_block);

CREATE TABLE batch_deletion (
  l1_block int8 NOT NULL,
  l1_log_index int4 NOT NULL,
  from_index int8 NOT NULL,
  previous_count int8 NOT NULL,
  epoch int8 NOT NULL,
  PRIMARY KEY (l1_block, l1_log_index)
);

CREATE TABLE state_leaf (
  key bytea PRIMARY KEY,
  value bytea NOT NULL
);

CREATE TABLE replayed_batch (
  batch_index int8 PRIMARY KEY,
  record_hash bytea NOT NULL UNIQUE,
  claimed_root bytea NOT NULL,
  computed_root bytea NOT NULL,
  agreed boolean NOT NULL,
  tree_root bytea NOT NULL,
  withdrawals_root bytea NOT NULL,
  withdrawal_count int8 NOT NULL,
  queue_applied int8 NOT NULL,
  account_count int8 NOT NULL,
  tx_count int4 NOT NULL,
  included_count int4 NOT NULL,
  replayed_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE leaf_change (
  batch_index int8 NOT NULL,
  key bytea NOT NULL,
  previous bytea,
  PRIMARY KEY (batch_index, key)
);

CREATE TABLE withdrawal (
  withdrawal_index int8 PRIMARY KEY,
  batch_index int8 NOT NULL,
  l2_sender bytea NOT NULL,
  l1_recipient bytea NOT NULL,
  l1_token bytea NOT NULL,
  amount numeric(78, 0) NOT NULL,
  leaf_hash bytea NOT NULL
);
CREATE INDEX withdrawal_batch_index ON withdrawal (batch_index);

CREATE TABLE game (
  game_id int8 PRIMARY KEY,
  record_hash bytea NOT NULL,
  batch_index int8 NOT NULL,
  status text NOT NULL,
  opened_tx bytea,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX game_record_hash ON game (record_hash);

CREATE TABLE batch_commitments (
  record_hash bytea PRIMARY KEY,
  commitments bytea NOT NULL
);
`,
  },
];
