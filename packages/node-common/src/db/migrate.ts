import { createHash } from "node:crypto";
import { BaseError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import type { Database, Queryable } from "./database.ts";

/**
 * One schema change. Ids run 1, 2, 3, … with no gap; a migration, once applied anywhere, is never
 * edited (add a new one instead). `sql` may hold several statements; it runs inside a transaction, so
 * it must not BEGIN/COMMIT itself nor use statements that cannot run in one (CREATE INDEX CONCURRENTLY).
 */
export type Migration = { readonly id: number; readonly name: string; readonly sql: string };

export class MigrationError extends BaseError {
  override name = "MigrationError";
}

/** Hex SHA-256 of a migration's SQL, as stored in schema_migrations.checksum. */
export function migrationChecksum(migration: Migration): string {
  return createHash("sha256").update(migration.sql).digest("hex");
}

// Serializes concurrent migrators (two processes starting at once) on a PostgreSQL advisory lock.
// The key is an arbitrary constant, the same in every Halcyon process.
const LOCK_KEY = "7526358401726383957";

type AppliedRow = { id: number; name: string; checksum: string };

function checkList(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.id !== i + 1) {
      throw new MigrationError(
        `migrations must be numbered 1, 2, 3, … in order: position ${i + 1} holds id ${m.id} (${m.name})`,
        { details: { expected: i + 1, found: m.id } },
      );
    }
    if (m.name.trim() === "") throw new MigrationError(`migration ${m.id} has no name`);
  });
}

function checkApplied(applied: readonly AppliedRow[], migrations: readonly Migration[]): void {
  applied.forEach((row, i) => {
    if (row.id !== i + 1) {
      throw new MigrationError(`schema_migrations has a gap: expected migration ${i + 1}, found ${row.id}`);
    }
    const known = migrations[i];
    if (known === undefined) {
      throw new MigrationError(
        `the database has migration ${row.id} (${row.name}), which this code does not know: it was migrated ` +
          `by a newer version (this code knows ${migrations.length})`,
        { details: { databaseAt: applied.length, codeKnows: migrations.length } },
      );
    }
    if (row.checksum !== migrationChecksum(known) || row.name !== known.name) {
      throw new MigrationError(
        `migration ${row.id} was changed after it was applied (database: ${row.name} ${row.checksum.slice(0, 12)}…, ` +
          `code: ${known.name} ${migrationChecksum(known).slice(0, 12)}…): add a new migration instead`,
        { details: { id: row.id } },
      );
    }
  });
}

async function readApplied(q: Queryable): Promise<AppliedRow[]> {
  const { rows } = await q.query<AppliedRow>("SELECT id, name, checksum FROM schema_migrations ORDER BY id");
  return rows;
}

/**
 * Brings the schema up to date: creates `schema_migrations` if needed, checks that every applied
 * migration is still the same (same id, name and SHA-256 of its SQL) and that none is missing, then
 * applies the pending ones in order, each in its own transaction together with its schema_migrations
 * row. Throws MigrationError, before changing anything, on a gap, an edited migration or a database
 * migrated by newer code. Safe to call from several processes at once (an advisory lock serializes them).
 * Returns the ids it applied.
 */
export async function migrate(
  db: Database,
  migrations: readonly Migration[],
  options: { logger?: Logger } = {},
): Promise<{ applied: number[] }> {
  checkList(migrations);
  await db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1::int8)", [LOCK_KEY]);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         id integer PRIMARY KEY,
         name text NOT NULL,
         checksum text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
  });
  const before = await readApplied(db);
  checkApplied(before, migrations);

  const applied: number[] = [];
  for (const migration of migrations.slice(before.length)) {
    const done = await db.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock($1::int8)", [LOCK_KEY]);
      const rows = await readApplied(tx);
      checkApplied(rows, migrations);
      if (rows.some((r) => r.id === migration.id)) return false; // another process got here first
      const started = performance.now();
      try {
        await tx.query(migration.sql);
      } catch (cause) {
        throw new MigrationError(
          `migration ${migration.id} (${migration.name}) failed: ${(cause as Error).message}`,
          {
            cause,
            details: { id: migration.id },
          },
        );
      }
      await tx.query("INSERT INTO schema_migrations (id, name, checksum) VALUES ($1, $2, $3)", [
        migration.id,
        migration.name,
        migrationChecksum(migration),
      ]);
      options.logger?.info(
        { id: migration.id, name: migration.name, ms: Math.round(performance.now() - started) },
        "applied migration",
      );
      return true;
    });
    if (done) applied.push(migration.id);
  }
  return { applied };
}
