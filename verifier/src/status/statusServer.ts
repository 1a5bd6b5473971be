import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger, Metrics } from "@halcyon/node-common";
import { describeError } from "../errors.ts";

// The verifier's HTTP endpoint: GET /status (JSON: the L1 head followed, the last verified batch, roots
// agreed and disputed, open games with their clocks, the bond balance, sync progress), GET /metrics
// (Prometheus text), GET /healthz (200 while the loop runs, 503 once halted).

export type StatusServerOptions = {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly status: () => Promise<unknown>;
  /** False once the verifier halted. */
  readonly healthy: () => boolean;
};

export type StatusServer = {
  readonly url: string;
  close(): Promise<void>;
};

function send(res: ServerResponse, code: number, type: string, body: string): void {
  res.writeHead(code, { "content-type": type, "cache-control": "no-store" });
  res.end(body);
}

function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? v.toString() : v), 2);
}

export async function startStatusServer(options: StatusServerOptions): Promise<StatusServer> {
  const { logger } = options;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (req.method !== "GET") return send(res, 405, "text/plain", "method not allowed\n");
    switch (path) {
      case "/status":
        return send(res, 200, "application/json", `${toJson(await options.status())}\n`);
      case "/metrics":
        return send(res, 200, options.metrics.contentType, await options.metrics.metricsText());
      case "/healthz": {
        const ok = options.healthy();
        return send(res, ok ? 200 : 503, "text/plain", ok ? "ok\n" : "halted\n");
      }
      default:
        return send(res, 404, "text/plain", "not found: try /status, /metrics or /healthz\n");
    }
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      logger.warn({ error: describeError(error), url: req.url }, "status request failed");
      if (!res.headersSent) send(res, 500, "text/plain", "status unavailable\n");
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host}:${port}`;
  logger.info({ url }, "status endpoint listening (/status, /metrics, /healthz)");
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
