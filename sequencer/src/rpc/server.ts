import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger, Metrics } from "@halcyon/node-common";
import { type WebSocket, WebSocketServer } from "ws";
import type { RpcContext } from "./context.ts";
import type { RpcDispatcher } from "./dispatcher.ts";
import { RPC_ERROR } from "./errors.ts";
import { EXPLORER_DIR, loadStaticSite, type StaticSite } from "./staticFiles.ts";
import { SubscriptionManager } from "./subscriptions.ts";

export type RpcServerOptions = {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly dispatcher: RpcDispatcher;
  readonly context: RpcContext;
  readonly logger: Logger;
  /** Largest request body (HTTP) or message (WebSocket). Default 1 MiB. */
  readonly maxBodyBytes?: number;
  /** Access-Control-Allow-Origin. Default "*". */
  readonly corsOrigin?: string;
  /** Served at GET /metrics (Prometheus text) when given. */
  readonly metrics?: Metrics;
  /** The explorer's files, served at /explorer/ (default: sequencer/explorer); false: no explorer. */
  readonly explorerDir?: string | false;
};

export type RpcServer = {
  readonly host: string;
  readonly port: number;
  /** http://host:port */
  readonly url: string;
  /** ws://host:port */
  readonly wsUrl: string;
  /** Stops accepting, closes WebSocket connections and ends keep-alive connections. */
  close(): Promise<void>;
};

function jsonError(code: number, message: string): string {
  return JSON.stringify({ jsonrpc: "2.0", id: null, error: { code, message } });
}

/**
 * JSON-RPC over HTTP (POST) and WebSocket on one port, with CORS and a request size limit. GET /health
 * answers the head, for load balancers and scripts; GET /metrics the Prometheus metrics, if any;
 * GET /explorer/ the web explorer, which reads this same endpoint.
 */
export async function startRpcServer(options: RpcServerOptions): Promise<RpcServer> {
  const { dispatcher, context, logger } = options;
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  const cors = {
    "Access-Control-Allow-Origin": options.corsOrigin ?? "*",
    "Access-Control-Allow-Methods": "POST, GET, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type, Authorization",
    "Access-Control-Max-Age": "86400",
  };
  const httpConnection = { subscriptions: undefined };
  let explorer: StaticSite | undefined;
  if (options.explorerDir !== false) {
    explorer = await loadStaticSite(options.explorerDir ?? EXPLORER_DIR, "/explorer").catch((error) => {
      logger.warn({ err: error }, "the explorer's files could not be read: no explorer");
      return undefined;
    });
  }

  function send(res: ServerResponse, status: number, body: string | undefined): void {
    res.writeHead(status, { ...cors, "Content-Type": "application/json" });
    res.end(body);
  }

  function onRequest(req: IncomingMessage, res: ServerResponse): void {
    if (req.method === "OPTIONS") {
      res.writeHead(204, cors);
      res.end();
      return;
    }
    if (explorer !== undefined && req.url?.startsWith("/explorer")) {
      const pathname = new URL(req.url, "http://localhost").pathname;
      if (explorer.handle(req, res, pathname)) return;
    }
    if (req.method === "GET" && (req.url === "/health" || req.url === "/")) {
      send(res, 200, JSON.stringify({ status: "ok", head: context.chain.head.number.toString() }));
      return;
    }
    const metrics = options.metrics;
    if (req.method === "GET" && req.url === "/metrics" && metrics !== undefined) {
      metrics.metricsText().then(
        (text) => {
          res.writeHead(200, { ...cors, "Content-Type": metrics.contentType });
          res.end(text);
        },
        (error) => {
          logger.error({ err: error }, "metrics failed");
          res.writeHead(500, cors);
          res.end();
        },
      );
      return;
    }
    if (req.method !== "POST") {
      res.writeHead(405, { ...cors, Allow: "POST, GET, OPTIONS" });
      res.end();
      return;
    }
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > maxBody) {
      res.setHeader("Connection", "close");
      send(res, 413, jsonError(RPC_ERROR.INVALID_REQUEST, `request body larger than ${maxBody} bytes`));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > maxBody) {
        tooLarge = true;
        chunks.length = 0;
        res.setHeader("Connection", "close");
        send(res, 413, jsonError(RPC_ERROR.INVALID_REQUEST, `request body larger than ${maxBody} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (tooLarge) return;
      dispatcher
        .handleBody(Buffer.concat(chunks).toString("utf8"), httpConnection)
        .then((body) => {
          if (body === undefined) {
            res.writeHead(204, cors);
            res.end();
          } else send(res, 200, body);
        })
        .catch((error) => {
          logger.error({ err: error }, "RPC request failed");
          send(res, 500, jsonError(RPC_ERROR.INTERNAL_ERROR, "internal error"));
        });
    });
    req.on("error", () => res.destroy());
  }

  const server = createServer(onRequest);
  server.keepAliveTimeout = 30_000;
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxBody });
  const sockets = new Set<WebSocket>();

  wss.on("connection", (ws: WebSocket) => {
    sockets.add(ws);
    const subscriptions = new SubscriptionManager(context, (message) => {
      if (ws.readyState === ws.OPEN) ws.send(message);
    });
    const connection = { subscriptions };
    ws.on("message", (data, isBinary) => {
      const text = isBinary ? Buffer.from(data as Buffer).toString("utf8") : data.toString();
      dispatcher
        .handleBody(text, connection)
        .then((body) => {
          if (body !== undefined && ws.readyState === ws.OPEN) ws.send(body);
        })
        .catch((error) => logger.error({ err: error }, "RPC message failed"));
    });
    ws.on("close", () => {
      subscriptions.close();
      sockets.delete(ws);
    });
    ws.on("error", (error) => logger.debug({ err: error }, "WebSocket error"));
  });

  server.on("upgrade", (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === "IPv6" ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    host: address.address,
    port: address.port,
    url: `http://${hostForUrl}:${address.port}`,
    wsUrl: `ws://${hostForUrl}:${address.port}`,
    close() {
      closing ??= (async () => {
        for (const ws of sockets) ws.terminate();
        await new Promise<void>((resolve) => wss.close(() => resolve()));
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await closed;
      })();
      return closing;
    },
  };
}
