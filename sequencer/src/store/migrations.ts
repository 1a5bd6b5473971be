import type { Migration } from "@halcyon/node-common";

// The sequencer's PostgreSQL schema. Applied in order by node-common's migrate(); a migration, once
// released, is never edited: change the schema with a new one.
//
// Conventions: hashes, addresses, keys and raw bytes are bytea (32 or 20 bytes, raw); block numbers,
// nonces, counters and queue indices int8; wei amounts and fees numeric(78, 0) (uint256); positions
// inside a block int4. Tables written per block use as few indexes as the reads need, because a
// block is written in one transaction on the hot path.

const CHAIN = `
-- The chain parameters the data was produced under: a restart with other ones is refused.
CREATE TABLE chain_params (
  singleton     boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  chain_id      numeric(20, 0) NOT NULL,
  fee_vault     bytea NOT NULL
);

-- One row per sealed L2 block (docs/protocol.md §7), with the state header after it.
CREATE TABLE blocks (
  number            int8 PRIMARY KEY,
  hash              bytea NOT NULL UNIQUE,
  parent_hash       bytea NOT NULL,
  timestamp         int8 NOT NULL,
  base_fee          numeric(78, 0) NOT NULL,
  state_root        bytea NOT NULL,
  transactions_hash bytea NOT NULL,
  receipts_root     bytea NOT NULL,
  queue_start       int8 NOT NULL,
  queue_count       int8 NOT NULL,
  tx_count          int4 NOT NULL,
  gas_used          int8 NOT NULL,
  logs_bloom        bytea NOT NULL,
  size              int8 NOT NULL,
  tree_root         bytea NOT NULL,
  withdrawals_root  bytea NOT NULL,
  withdrawal_count  int8 NOT NULL,
  queue_applied     int8 NOT NULL,
  account_count     int8 NOT NULL,
  sealed_at         timestamptz NOT NULL DEFAULT now()
);

-- Included transactions: the raw signed envelope (every field is decoded from it) and the sender
-- recovered at the door.
CREATE TABLE transactions (
  hash          bytea PRIMARY KEY,
  block_number  int8 NOT NULL,
  tx_index      int4 NOT NULL,
  sender        bytea NOT NULL,
  raw           bytea NOT NULL
);
CREATE INDEX transactions_by_block ON transactions (block_number, tx_index);

-- One receipt per included transaction; its logs are in logs.
CREATE TABLE receipts (
  block_number        int8 NOT NULL,
  tx_index            int4 NOT NULL,
  status              int2 NOT NULL,
  gas_used            int8 NOT NULL,
  cumulative_gas_used int8 NOT NULL,
  effective_gas_price numeric(78, 0) NOT NULL,
  -- Why a status-0 transaction failed (the protocol's FailureReason), for operators.
  failure             text,
  PRIMARY KEY (block_number, tx_index)
);

-- Every log of a block, in block order: queue-entry logs first (tx_hash is then the entry's pseudo
-- hash and tx_index its position among the block's entries), then transaction logs.
CREATE TABLE logs (
  block_number  int8 NOT NULL,
  log_index     int4 NOT NULL,
  tx_index      int4 NOT NULL,
  tx_hash       bytea NOT NULL,
  address       bytea NOT NULL,
  topic0        bytea,
  topic1        bytea,
  topic2        bytea,
  topic3        bytea,
  data          bytea NOT NULL,
  PRIMARY KEY (block_number, log_index)
);

-- Transactions acknowledged by eth_sendRawTransaction and not yet included: written before the
-- RPC answers, deleted in the transaction that persists the block including them.
CREATE TABLE mempool_transactions (
  hash          bytea PRIMARY KEY,
  sender        bytea NOT NULL,
  nonce         int8 NOT NULL,
  raw           bytea NOT NULL,
  received_at   timestamptz NOT NULL DEFAULT now()
);

-- Entries of the Bridge's L1 queue the sequencer knows of. The block producer writes the ones it
-- applies (block_number and result set); the L1 follower may insert entries before they are applied.
CREATE TABLE l1_queue_entries (
  queue_index     int8 PRIMARY KEY,
  kind            text NOT NULL CHECK (kind IN ('eth-deposit', 'erc20-deposit', 'forced-transaction')),
  from_address    bytea NOT NULL,
  to_address      bytea,
  l1_token        bytea,
  amount          numeric(78, 0),
  raw_transaction bytea,
  l1_timestamp    int8 NOT NULL,
  entry_hash      bytea NOT NULL,
  block_number    int8,
  position        int4,
  pseudo_hash     bytea,
  result          text
);

-- The state tree's leaves as of the last block (key -> value), upserted per block: a restart loads
-- them into a fresh tree and checks the root.
CREATE TABLE state_leaves (
  key   bytea PRIMARY KEY,
  value bytea NOT NULL
);

-- Per block, the value each leaf it wrote held before it (NULL: absent). The state after block n is
-- the current leaves with the diffs of blocks > n undone, newest first; the value of one key after
-- block n is the earliest diff of that key in a block > n, or its current value if there is none.
CREATE TABLE state_diffs (
  key           bytea NOT NULL,
  block_number  int8 NOT NULL,
  previous      bytea,
  PRIMARY KEY (key, block_number)
);
CREATE INDEX state_diffs_by_block ON state_diffs USING brin (block_number);

-- The withdrawals tree's leaves (docs/protocol.md §2.3), in order; a restart rebuilds the tree.
CREATE TABLE withdrawals (
  withdrawal_index  int8 PRIMARY KEY,
  block_number      int8 NOT NULL,
  tx_hash           bytea NOT NULL,
  l2_sender         bytea NOT NULL,
  l1_recipient      bytea NOT NULL,
  l1_token          bytea NOT NULL,
  amount            numeric(78, 0) NOT NULL,
  leaf_hash         bytea NOT NULL
);

-- Batches posted to L1: a placeholder for the batcher and submitter, which extend it.
CREATE TABLE batches (
  batch_index   int8 PRIMARY KEY,
  first_block   int8 NOT NULL,
  last_block    int8 NOT NULL,
  status        text NOT NULL DEFAULT 'pending',
  data          bytea,
  data_root     bytea,
  state_root    bytea,
  l1_tx_hash    bytea,
  created_at    timestamptz NOT NULL DEFAULT now()
);
`;

const L1 = `
-- The batch encoder's address hints of each transaction (docs/protocol.md §6.3): the account index of
-- its recipient (of the token, for a token call) and of a token transfer's recipient, when the account
-- existed before the transaction. The batcher encodes from them exactly as the producer counted the
-- block's room. NULL: the full address is written.
ALTER TABLE transactions ADD COLUMN to_index int8, ADD COLUMN recipient_index int8;

-- Where the L1 follower found each queue entry (NULL for entries of an in-memory queue).
ALTER TABLE l1_queue_entries ADD COLUMN l1_block_number int8, ADD COLUMN l1_tx_hash bytea;

-- How far an L1 reader got: the last block it processed and that block's hash (a later read checks
-- the hash is still the chain's, so a reorg below the confirmation depth is noticed, never followed).
CREATE TABLE l1_cursors (
  name          text PRIMARY KEY,
  block_number  int8 NOT NULL,
  block_hash    bytea NOT NULL
);

-- Batches: consecutive blocks encoded once (docs/protocol.md §6.3) and posted with Rollup.appendBatch.
-- The data, step count and post-state header never change once written; the status moves
-- pending -> submitted (in an L1 block) -> posted (L1 confirmations reached) -> final (Rollup's
-- finalizedCount passed it), and back to pending if an L1 reorg drops the transaction. The record
-- columns hold what the Rollup emitted in BatchAppended (the callers of finalizeBatches, the games and
-- finalizeWithdrawal pass it back).
DROP TABLE batches;
CREATE TABLE batches (
  batch_index        int8 PRIMARY KEY,
  first_block        int8 NOT NULL,
  last_block         int8 NOT NULL UNIQUE,
  data               bytea NOT NULL,
  data_root          bytea NOT NULL,
  steps              int4 NOT NULL,
  parent_state_root  bytea NOT NULL,
  state_root         bytea NOT NULL,
  tree_root          bytea NOT NULL,
  withdrawals_root   bytea NOT NULL,
  withdrawal_count   int8 NOT NULL,
  queue_start        int8 NOT NULL,
  queue_applied      int8 NOT NULL,
  account_count      int8 NOT NULL,
  status             text NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'submitted', 'posted', 'final')),
  l1_tx_hash         bytea,
  l1_block_number    int8,
  l1_block_hash      bytea,
  record_hash        bytea,
  epoch              int8,
  queue_limit        int8,
  appended_at        int8,
  proposer           bytea,
  created_at         timestamptz NOT NULL DEFAULT now(),
  posted_at          timestamptz
);

-- Every L1 transaction the sequencer signed, written before it is broadcast: a restart finds what is
-- in flight (to wait for, re-broadcast or replace) instead of sending again.
CREATE TABLE l1_transactions (
  hash                bytea PRIMARY KEY,
  purpose             text NOT NULL,
  nonce               int8 NOT NULL,
  raw                 bytea NOT NULL,
  max_fee             numeric(78, 0) NOT NULL,
  max_priority_fee    numeric(78, 0) NOT NULL,
  sent_at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX l1_transactions_by_purpose ON l1_transactions (purpose, sent_at);

-- Games against the sequencer's batches, as the defender last saw them on L1.
CREATE TABLE dispute_games (
  game_id       int8 PRIMARY KEY,
  batch_index   int8 NOT NULL,
  record_hash   bytea NOT NULL,
  challenger    bytea NOT NULL,
  status        text NOT NULL CHECK (status IN ('open', 'proposer-won', 'challenger-won', 'cancelled')),
  lo            int4 NOT NULL,
  hi            int4 NOT NULL,
  opened_block  int8 NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dispute_games_by_batch ON dispute_games (batch_index);
`;

const RECOVERY = `
-- Deletions of batches by the Rollup after a lost game (BatchesDeleted), written by the L1 follower with
-- its cursor; handled once the deleted batches have moved to deleted_batches (one transaction each), so a
-- restart finishes a recovery a crash cut short.
CREATE TABLE batch_deletions (
  epoch            int8 PRIMARY KEY,
  from_index       int8 NOT NULL,
  previous_count   int8 NOT NULL,
  state_root       bytea NOT NULL,
  queue_applied    int8 NOT NULL,
  l1_block_number  int8 NOT NULL,
  handled          boolean NOT NULL DEFAULT false
);

-- Batches the Rollup deleted, as they were: their indices are cut again in batches.
CREATE TABLE deleted_batches (LIKE batches INCLUDING DEFAULTS, deletion_epoch int8 NOT NULL);

-- Test-only fault mode (sequencer/src/faults/): the batches it rewrote and the lie each tells, so the
-- defender re-executes them with that lie.
CREATE TABLE batch_faults (
  batch_index  int8 NOT NULL,
  state_root   bytea NOT NULL,
  kind         text NOT NULL,
  lie          text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (batch_index, state_root)
);
`;

const EXPLORER = `
-- The explorer's account history (store/addressIndex.ts): one row per (account, transaction) the account
-- sent, received ETH from, or received tokens from. Filled behind the chain, when the history is asked
-- for, never on the block path: a block's write costs what it did. address_index_cursor is the last
-- block indexed.
CREATE TABLE address_transactions (
  address       bytea NOT NULL,
  block_number  int8 NOT NULL,
  tx_index      int4 NOT NULL,
  PRIMARY KEY (address, block_number, tx_index)
);
CREATE TABLE address_index_cursor (
  singleton     boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  block_number  int8 NOT NULL
);
INSERT INTO address_index_cursor (block_number) VALUES (0);

-- Deposits by their L2 recipient, for the same history (the follower writes a row per queue entry).
CREATE INDEX l1_queue_entries_by_recipient ON l1_queue_entries (to_address, block_number);
`;

export const SEQUENCER_MIGRATIONS: readonly Migration[] = [
  { id: 1, name: "sequencer chain store", sql: CHAIN },
  { id: 2, name: "L1 follower, batches, submitter and defender", sql: L1 },
  { id: 3, name: "recovery from deleted batches; test-only fault records", sql: RECOVERY },
  { id: 4, name: "explorer: account history index", sql: EXPLORER },
];
