// JSON-RPC to the sequencer that serves this page (same origin: the RPC endpoint is the parent of
// /explorer/). Several calls go in one batched request.

const ENDPOINT = new URL("../", window.location.href).href;
let nextId = 1;

/** An error the endpoint answered (code, message), or a transport failure (code 0). */
export class RpcError extends Error {
  /**
   * @param {number} code
   * @param {string} message
   */
  constructor(code, message) {
    super(message);
    this.name = "RpcError";
    this.code = code;
  }
}

/**
 * Sends calls as one batch; resolves with their results in order, or rejects with the first error.
 * @param {Array<[string, unknown[]]>} calls
 * @returns {Promise<any[]>}
 */
export async function batch(calls) {
  if (calls.length === 0) return [];
  const requests = calls.map(([method, params]) => ({ jsonrpc: "2.0", id: nextId++, method, params }));
  let response;
  try {
    response = await fetch(ENDPOINT, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(requests),
    });
  } catch {
    throw new RpcError(0, "the sequencer cannot be reached");
  }
  if (!response.ok) throw new RpcError(0, `the sequencer answered HTTP ${response.status}`);
  /** @type {Array<{ id: number, result?: unknown, error?: { code: number, message: string } }>} */
  const answers = await response.json();
  const byId = new Map(answers.map((a) => [a.id, a]));
  return requests.map((r) => {
    const answer = byId.get(r.id);
    if (answer === undefined) throw new RpcError(0, `no answer to ${r.method}`);
    if (answer.error !== undefined) throw new RpcError(answer.error.code, answer.error.message);
    return answer.result;
  });
}

/**
 * One call.
 * @param {string} method
 * @param {unknown[]} [params]
 * @returns {Promise<any>}
 */
export async function call(method, params = []) {
  const [result] = await batch([[method, params]]);
  return result;
}
