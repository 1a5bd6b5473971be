// Test helper: a fresh PGlite data directory in a temporary folder, copied from a template that is
// initialised once per machine and PGlite version (initdb costs ~3 s; a copy ~0.3 s). The template
// lives in the OS temp folder; concurrent test files race to create it safely (write aside, rename).
import { randomBytes } from "node:crypto";
import { cp, mkdtemp, readFile, rename, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";

export type PgliteDataDir = {
  readonly dataDir: string;
  remove(): Promise<void>;
};

async function pgliteVersion(): Promise<string> {
  const manifest = new URL("../package.json", import.meta.resolve("@electric-sql/pglite"));
  return (JSON.parse(await readFile(manifest, "utf8")) as { version: string }).version;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function ensureTemplate(): Promise<string> {
  const template = join(tmpdir(), `halcyon-pglite-template-${await pgliteVersion()}`);
  if (await exists(join(template, "PG_VERSION"))) return template;
  const aside = `${template}.${process.pid}.${randomBytes(4).toString("hex")}`;
  const db = await PGlite.create({ dataDir: aside });
  await db.close();
  try {
    await rename(aside, template);
  } catch {
    await rm(aside, { recursive: true, force: true }); // another process made it first
  }
  return template;
}

export async function createPgliteDataDir(): Promise<PgliteDataDir> {
  const template = await ensureTemplate();
  const parent = await mkdtemp(join(tmpdir(), "halcyon-pglite-"));
  const dataDir = join(parent, "pgdata");
  await cp(template, dataDir, { recursive: true });
  return { dataDir, remove: () => rm(parent, { recursive: true, force: true }) };
}
