import { mkdir, open, readFile, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { DatabaseOpenError } from "./database.ts";

export type DataDirLock = { release(): Promise<void> };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Takes `<dataDir>.lock` (a sibling file holding this process's pid), so that two processes never open
 * one PGlite data directory at once: PGlite itself does not prevent it, and both would write to the
 * same files. A lock left by a process that no longer runs is taken over.
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const path = `${dataDir.replace(/[/\\]+$/, "")}.lock`;
  await mkdir(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, "wx");
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return { release: () => rm(path, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = Number.parseInt(await readFile(path, "utf8").catch(() => ""), 10);
    if (Number.isSafeInteger(holder) && holder > 0 && isAlive(holder)) {
      const who = holder === process.pid ? "this process" : `process ${holder}`;
      throw new DatabaseOpenError(`the PGlite data directory ${dataDir} is in use by ${who}`, {
        details: { dataDir, pid: holder },
      });
    }
    await rm(path, { force: true }); // stale: its process is gone
  }
  throw new DatabaseOpenError(`cannot lock the PGlite data directory ${dataDir}`, { details: { dataDir } });
}
