// Run as a child process by tests: opens a resource, uses it, closes it, and then must exit by itself
// (no dangling sockets, timers or servers). Prints one JSON line with what it saw.
//   node exitAfterClose.fixture.ts db postgres <url>
//   node exitAfterClose.fixture.ts db pglite <dataDir>
//   node exitAfterClose.fixture.ts queue <redisUrl|memory> <prefix>
// Each branch imports only what it exercises.
import { createSilentLogger } from "../logger.ts";

const [what, backend, arg] = process.argv.slice(2);
const logger = createSilentLogger();

if (what === "db") {
  const { openDatabase } = await import("../db/openDatabase.ts");
  const db = await openDatabase(backend === "postgres" ? { url: arg, logger } : { dataDir: arg, logger });
  const { rows } = await db.query<{ n: bigint }>("SELECT count(*) AS n FROM pg_class");
  await db.transaction((tx) => tx.query("SELECT 1"));
  await db.close();
  console.log(JSON.stringify({ kind: db.kind, ok: (rows[0]?.n ?? 0n) > 0n }));
} else if (what === "queue") {
  const { openJobQueue } = await import("../queue/openJobQueue.ts");
  const queue = openJobQueue<{ n: number }>("exit-check", {
    logger,
    prefix: arg ?? "halcyon-exit",
    ...(backend === "memory" ? {} : { redisUrl: backend }),
  });
  const seen: number[] = [];
  const done = new Promise<void>((resolve) => {
    queue.process(async (job) => {
      seen.push(job.data.n);
      if (seen.length === 2) resolve();
    });
  });
  await queue.add("one", { n: 1 });
  await queue.add("two", { n: 2 }, { delayMs: 10 });
  await queue.add("later", { n: 3 }, { delayMs: 60_000 }); // still pending at close: must not hold the process
  await done;
  await queue.close();
  console.log(JSON.stringify({ kind: queue.kind, seen }));
} else {
  throw new Error(`unknown fixture target ${what}`);
}
