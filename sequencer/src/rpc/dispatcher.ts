import type { RpcConnection, RpcContext, RpcMethod } from "./context.ts";
import { RPC_ERROR, RpcError, toRpcError } from "./errors.ts";
import { RPC_METHODS } from "./methods/index.ts";

type Id = string | number | null;
type Response = {
  jsonrpc: "2.0";
  id: Id;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
};

function errorResponse(id: Id, error: RpcError): Response {
  return {
    jsonrpc: "2.0",
    id,
    error: {
      code: error.code,
      message: error.message,
      ...(error.data === undefined ? {} : { data: error.data }),
    },
  };
}

/**
 * JSON-RPC 2.0 over any transport: parses a request body (one request or a batch), runs the
 * methods (a batch's concurrently, so its transactions share one group commit) and returns the
 * response body, or undefined when every request was a notification.
 */
export class RpcDispatcher {
  readonly #ctx: RpcContext;
  readonly #methods: ReadonlyMap<string, RpcMethod>;

  constructor(ctx: RpcContext, methods: readonly RpcMethod[] = RPC_METHODS) {
    this.#ctx = ctx;
    this.#methods = new Map(methods.map((m) => [m.name, m]));
  }

  async handleBody(body: string, connection: RpcConnection): Promise<string | undefined> {
    let payload: unknown;
    try {
      payload = JSON.parse(body);
    } catch {
      return JSON.stringify(
        errorResponse(null, new RpcError(RPC_ERROR.PARSE_ERROR, "parse error: invalid JSON")),
      );
    }
    if (Array.isArray(payload)) {
      if (payload.length === 0) {
        return JSON.stringify(errorResponse(null, new RpcError(RPC_ERROR.INVALID_REQUEST, "empty batch")));
      }
      if (payload.length > this.#ctx.limits.maxBatchSize) {
        return JSON.stringify(
          errorResponse(
            null,
            new RpcError(
              RPC_ERROR.INVALID_REQUEST,
              `batch of ${payload.length} requests: at most ${this.#ctx.limits.maxBatchSize}`,
            ),
          ),
        );
      }
      const responses = await Promise.all(payload.map((request) => this.#handle(request, connection)));
      const answered = responses.filter((r) => r !== undefined);
      return answered.length === 0 ? undefined : this.#stringify(answered);
    }
    const response = await this.#handle(payload, connection);
    return response === undefined ? undefined : this.#stringify(response);
  }

  #stringify(value: Response | Response[]): string {
    try {
      return JSON.stringify(value);
    } catch (error) {
      const id = Array.isArray(value) ? null : value.id;
      return JSON.stringify(errorResponse(id, toRpcError(error, this.#ctx.logger)));
    }
  }

  async #handle(request: unknown, connection: RpcConnection): Promise<Response | undefined> {
    if (typeof request !== "object" || request === null || Array.isArray(request)) {
      return errorResponse(
        null,
        new RpcError(RPC_ERROR.INVALID_REQUEST, "invalid request: expected an object"),
      );
    }
    const r = request as { jsonrpc?: unknown; method?: unknown; params?: unknown; id?: unknown };
    const idValid =
      r.id === undefined || r.id === null || typeof r.id === "string" || typeof r.id === "number";
    const id: Id = idValid && r.id !== undefined ? (r.id as Id) : null;
    if (r.jsonrpc !== "2.0" || typeof r.method !== "string" || !idValid) {
      return errorResponse(
        id,
        new RpcError(
          RPC_ERROR.INVALID_REQUEST,
          'invalid request: expected jsonrpc "2.0", a method name and a valid id',
        ),
      );
    }
    const method = this.#methods.get(r.method);
    let response: Response;
    if (method === undefined) {
      response = errorResponse(
        id,
        new RpcError(RPC_ERROR.METHOD_NOT_FOUND, `the method ${r.method} does not exist/is not available`),
      );
    } else {
      try {
        response = {
          jsonrpc: "2.0",
          id,
          result: (await method.handler(r.params, this.#ctx, connection)) ?? null,
        };
      } catch (error) {
        response = errorResponse(id, toRpcError(error, this.#ctx.logger));
      }
    }
    // A notification (no id) gets no response.
    return r.id === undefined ? undefined : response;
  }
}
