import pg from "pg";
import { redactDatabaseUrl } from "../../../packages/node-common/src/db/openDatabase.ts";
import { BaseError } from "../../../packages/protocol/src/errors.ts";

// With DATABASE_URL, each devnet service gets a database of its own on that server, named after the
// URL's database and the service (e.g. halcyon_devnet_sequencer), so the two never share tables and
// the URL's own database is left alone. A new devnet chain starts them empty.

export class ServiceDatabaseError extends BaseError {
  override name = "ServiceDatabaseError";
}

/** The database name for `service` next to the URL's database. */
export function serviceDatabaseName(url: string, service: string): string {
  const base = decodeURIComponent(new URL(url).pathname.slice(1)) || "postgres";
  return `${base}_devnet_${service}`.replace(/[^a-zA-Z0-9_]/g, "_").slice(0, 63);
}

/**
 * Creates each service's database if missing (dropping it first when `empty`), and returns its URL by
 * service name.
 */
export async function prepareServiceDatabases(
  url: string,
  services: readonly string[],
  empty: boolean,
): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (cause) {
    throw new ServiceDatabaseError(`cannot reach PostgreSQL at ${redactDatabaseUrl(url)}`, { cause });
  }
  const urls: Record<string, string> = {};
  try {
    for (const service of services) {
      const name = serviceDatabaseName(url, service);
      if (empty) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
      if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
      const serviceUrl = new URL(url);
      serviceUrl.pathname = `/${name}`;
      urls[service] = serviceUrl.toString();
    }
  } finally {
    await client.end();
  }
  return urls;
}

/** Drops each service's database (tests clean up with it). */
export async function dropServiceDatabases(url: string, services: readonly string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const service of services) {
      await client.query(`DROP DATABASE IF EXISTS "${serviceDatabaseName(url, service)}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}
