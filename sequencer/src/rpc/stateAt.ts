import { type Account, type Address, accountKey, bytesToBigint, decodeAccount } from "@halcyon/protocol";
import type { BlockHeader } from "../chain/sealedBlock.ts";
import type { RpcContext } from "./context.ts";
import { RPC_ERROR, RpcError } from "./errors.ts";
import type { BlockRef } from "./params.ts";

/**
 * Which state a read sees: the head's ("latest"), everything applied ("pending"), or an older
 * block's (rebuilt per key from the store's diffs).
 */
export type StateAt =
  | { readonly kind: "latest" }
  | { readonly kind: "pending" }
  | { readonly kind: "historical"; readonly number: bigint };

export function headerNotFound(what: string): RpcError {
  return new RpcError(RPC_ERROR.INVALID_INPUT, `header not found: ${what}`);
}

/** The block number a reference names (`pending` is the head: blocks are sealed as they are made). */
export async function resolveBlockNumber(ctx: RpcContext, ref: BlockRef): Promise<bigint | undefined> {
  const head = ctx.chain.head.number;
  switch (ref.kind) {
    case "number":
      return ref.number;
    case "hash":
      return (await ctx.reader.headerByHash(ref.hash))?.number;
    case "tag":
      switch (ref.tag) {
        case "latest":
        case "pending":
          return head;
        case "earliest":
          return 0n;
        case "safe":
          return ctx.finality.safeBlock();
        case "finalized":
          return ctx.finality.finalizedBlock();
      }
  }
}

/** The header a reference names, or undefined. */
export async function resolveHeader(ctx: RpcContext, ref: BlockRef): Promise<BlockHeader | undefined> {
  if (ref.kind === "hash") return ctx.reader.headerByHash(ref.hash);
  const number = await resolveBlockNumber(ctx, ref);
  return number === undefined ? undefined : ctx.reader.headerByNumber(number);
}

export async function resolveStateAt(ctx: RpcContext, ref: BlockRef): Promise<StateAt> {
  if (ref.kind === "tag" && ref.tag === "pending") return { kind: "pending" };
  if (ref.kind === "tag" && ref.tag === "latest") return { kind: "latest" };
  const number = await resolveBlockNumber(ctx, ref);
  if (number === undefined) throw headerNotFound("no block with that hash");
  const head = ctx.chain.head.number;
  if (number > head) throw headerNotFound(`block ${number} is past the head (${head})`);
  return number === head ? { kind: "latest" } : { kind: "historical", number };
}

export async function readLeaf(
  ctx: RpcContext,
  key: Uint8Array,
  at: StateAt,
): Promise<Uint8Array | undefined> {
  if (at.kind !== "historical") return ctx.chain.leaf(key, at.kind);
  const after = await ctx.leafAfterBlock(key, at.number);
  return after.found ? after.value : ctx.chain.leaf(key, "latest");
}

export async function readAccount(ctx: RpcContext, address: Address, at: StateAt): Promise<Account> {
  const value = await readLeaf(ctx, accountKey(address), at);
  return value === undefined ? { balance: 0n, nonce: 0n, index: 0n } : decodeAccount(value);
}

export async function readWord(ctx: RpcContext, key: Uint8Array, at: StateAt): Promise<bigint> {
  const value = await readLeaf(ctx, key, at);
  return value === undefined ? 0n : bytesToBigint(value);
}
