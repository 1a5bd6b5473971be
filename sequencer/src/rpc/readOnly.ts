import {
  type Address,
  bigintToBytes,
  bytesToHex,
  concatBytes,
  type Hex,
  L2State,
  type ReadOnlyCallResult,
  readOnlyCall,
  tokenL1Key,
} from "@halcyon/protocol";
import { bytesKey } from "../chain/bytesKey.ts";
import { createOverlayTree } from "./callSimulation.ts";
import type { RpcContext } from "./context.ts";
import { executionReverted, RPC_ERROR, RpcError } from "./errors.ts";
import { readLeaf, readWord, type StateAt } from "./stateAt.ts";

// Read-only calls (the protocol's readOnlyCall: balanceOf and totalSupply of bridged tokens) at any
// state the RPC serves, and the metadata answers (decimals, symbol, name) that come from L1.

/**
 * readOnlyCall on the state `at` names. A past block's state is read per key from the store: a first
 * pass records which keys the call reads, a second answers from their values at that block.
 */
export async function readOnlyCallAt(
  ctx: RpcContext,
  to: Address,
  data: Uint8Array,
  at: StateAt,
): Promise<ReadOnlyCallResult> {
  if (at.kind !== "historical") {
    const tag = at.kind;
    return readOnlyCall(
      new L2State({ tree: createOverlayTree((key) => ctx.chain.leaf(key, tag)) }),
      to,
      data,
    );
  }
  const keys: Uint8Array[] = [];
  readOnlyCall(
    new L2State({
      tree: createOverlayTree((key) => {
        keys.push(key.slice());
        return undefined;
      }),
    }),
    to,
    data,
  );
  const values = new Map<string, Uint8Array | undefined>();
  for (const key of keys) values.set(bytesKey(key), await readLeaf(ctx, key, at));
  return readOnlyCall(new L2State({ tree: createOverlayTree((key) => values.get(bytesKey(key))) }), to, data);
}

function abiString(text: string): Hex {
  const bytes = new TextEncoder().encode(text);
  const padded = new Uint8Array(Math.ceil(bytes.length / 32) * 32);
  padded.set(bytes);
  return bytesToHex(concatBytes(bigintToBytes(32n, 32), bigintToBytes(BigInt(bytes.length), 32), padded));
}

/** decimals(), symbol() or name() of a bridged token, from its L1 token through the metadata source. */
export async function answerMetadata(
  ctx: RpcContext,
  token: Address,
  field: "decimals" | "symbol" | "name",
  at: StateAt,
): Promise<Hex> {
  const l1Word = await readWord(ctx, tokenL1Key(token), at);
  if (l1Word === 0n) throw executionReverted("token not registered: no deposit of it has reached L2");
  if (ctx.tokenMetadata === undefined) {
    throw new RpcError(
      RPC_ERROR.RESOURCE_UNAVAILABLE,
      "token metadata (decimals, symbol, name) is not available: the sequencer has no L1 metadata source yet",
    );
  }
  const l1Token = `0x${l1Word.toString(16).padStart(40, "0")}` as Address;
  const metadata = await ctx.tokenMetadata.metadata(l1Token);
  if (metadata === undefined) throw executionReverted(`no metadata for L1 token ${l1Token}`);
  if (field === "decimals") return bytesToHex(bigintToBytes(BigInt(metadata.decimals), 32));
  return abiString(field === "symbol" ? metadata.symbol : metadata.name);
}
