// A JSON-RPC client for end-to-end tests that talks to the sequencer as any wallet would: one request, or
// a batch of them in one HTTP body (how the tests send thousands of pre-signed transactions quickly).

import { BaseError } from "@halcyon/protocol";

export type RpcAnswer = { result?: unknown; error?: { code: number; message: string } };

export class L2RpcError extends BaseError {
  override name = "L2RpcError";
}

export type L2Rpc = {
  /** The result of one call; L2RpcError if it answered with an error. */
  call<T = Record<string, unknown>>(method: string, params?: readonly unknown[]): Promise<T>;
  /** The answers to a batch of calls, in the order asked (errors included, not thrown). */
  batch(calls: readonly (readonly [string, readonly unknown[]])[]): Promise<RpcAnswer[]>;
};

export function createL2Rpc(url: () => string): L2Rpc {
  let nextId = 1;
  async function post(body: unknown): Promise<unknown> {
    const res = await fetch(url(), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new L2RpcError(`HTTP ${res.status}: ${await res.text()}`);
    return res.json();
  }
  return {
    async call<T>(method: string, params: readonly unknown[] = []): Promise<T> {
      const answer = (await post({ jsonrpc: "2.0", id: nextId++, method, params })) as RpcAnswer;
      if (answer.error !== undefined) throw new L2RpcError(`${method}: ${answer.error.message}`);
      return answer.result as T;
    },
    async batch(calls) {
      if (calls.length === 0) return [];
      const first = nextId;
      nextId += calls.length;
      const body = calls.map(([method, params], i) => ({ jsonrpc: "2.0", id: first + i, method, params }));
      const answers = (await post(body)) as (RpcAnswer & { id: number })[];
      const byId = new Map(answers.map((a) => [a.id, a]));
      return calls.map((_, i) => {
        const answer = byId.get(first + i);
        if (answer === undefined) throw new L2RpcError(`the batch has no answer to request ${i}`);
        return answer;
      });
    },
  };
}
