import type { Address, Hex } from "@halcyon/protocol";
import { invalidParams } from "./errors.ts";
import { type BlockRef, parseAddress, parseBlockRef, parseHash, parseObject } from "./params.ts";

/** A log filter object (eth_getLogs, eth_newFilter, logs subscriptions), parsed. */
export type LogCriteria = {
  readonly fromBlock: BlockRef | undefined;
  readonly toBlock: BlockRef | undefined;
  readonly blockHash: Hex | undefined;
  readonly addresses: readonly Address[] | undefined;
  readonly topics: readonly (readonly Hex[] | null)[];
};

export function parseLogCriteria(value: unknown, name: string): LogCriteria {
  const o = value === undefined ? {} : parseObject(value, name);
  let addresses: Address[] | undefined;
  if (o.address !== undefined && o.address !== null) {
    addresses = Array.isArray(o.address)
      ? o.address.map((a, i) => parseAddress(a, `${name}.address[${i}]`))
      : [parseAddress(o.address, `${name}.address`)];
  }
  const topics: (Hex[] | null)[] = [];
  if (o.topics !== undefined && o.topics !== null) {
    if (!Array.isArray(o.topics) || o.topics.length > 4)
      throw invalidParams(`${name}.topics: expected up to 4 entries`);
    o.topics.forEach((t, i) => {
      if (t === null) topics.push(null);
      else if (Array.isArray(t)) topics.push(t.map((x, j) => parseHash(x, `${name}.topics[${i}][${j}]`)));
      else topics.push([parseHash(t, `${name}.topics[${i}]`)]);
    });
  }
  const blockHash =
    o.blockHash === undefined || o.blockHash === null
      ? undefined
      : parseHash(o.blockHash, `${name}.blockHash`);
  if (blockHash !== undefined && (o.fromBlock !== undefined || o.toBlock !== undefined)) {
    throw invalidParams(`${name}: blockHash cannot be combined with fromBlock or toBlock`);
  }
  return {
    fromBlock: o.fromBlock === undefined ? undefined : parseBlockRef(o.fromBlock, `${name}.fromBlock`),
    toBlock: o.toBlock === undefined ? undefined : parseBlockRef(o.toBlock, `${name}.toBlock`),
    blockHash,
    addresses,
    topics,
  };
}
