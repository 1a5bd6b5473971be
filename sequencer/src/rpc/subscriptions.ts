import { randomBytes } from "node:crypto";
import type { Hex } from "@halcyon/protocol";
import { blockLogs } from "../store/blockWriter.ts";
import { logMatches } from "../store/logQuery.ts";
import type { RpcContext } from "./context.ts";
import { formatHeader, formatLog } from "./format.ts";
import type { LogCriteria } from "./logCriteria.ts";

export type SubscriptionKind = "newHeads" | "logs" | "newPendingTransactions";

/**
 * eth_subscribe on one WebSocket connection: newHeads (each sealed block's header), logs (each
 * matching log of each sealed block), newPendingTransactions (hashes as they are admitted).
 * Notifications are sent after the block is durable. Everything stops when the connection closes.
 */
export class SubscriptionManager {
  readonly #ctx: RpcContext;
  readonly #send: (message: string) => void;
  readonly #active = new Map<Hex, () => void>();

  constructor(ctx: RpcContext, send: (message: string) => void) {
    this.#ctx = ctx;
    this.#send = send;
  }

  #notify(id: Hex, result: unknown): void {
    this.#send(
      JSON.stringify({ jsonrpc: "2.0", method: "eth_subscription", params: { subscription: id, result } }),
    );
  }

  subscribe(kind: SubscriptionKind, criteria: LogCriteria | undefined): Hex {
    const id: Hex = `0x${randomBytes(16).toString("hex")}`;
    const { events, config } = this.#ctx;
    let stop: () => void;
    switch (kind) {
      case "newHeads":
        stop = events.onBlock((block) => this.#notify(id, formatHeader(block.header, config.feeVault)));
        break;
      case "logs":
        stop = events.onBlock((block) => {
          for (const log of blockLogs(block)) {
            if (criteria === undefined || logMatches(log, criteria)) {
              this.#notify(id, formatLog(log, block.header.number, block.header.hash));
            }
          }
        });
        break;
      case "newPendingTransactions":
        stop = events.onPendingTransactions((txs) => {
          for (const tx of txs) this.#notify(id, tx.hash);
        });
        break;
    }
    this.#active.set(id, stop);
    return id;
  }

  unsubscribe(id: string): boolean {
    const stop = this.#active.get(id as Hex);
    if (stop === undefined) return false;
    stop();
    this.#active.delete(id as Hex);
    return true;
  }

  close(): void {
    for (const stop of this.#active.values()) stop();
    this.#active.clear();
  }
}
