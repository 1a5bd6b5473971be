import { type Address, getAddress, type Hex, isAddress, isHex } from "viem";
import { InvalidRpcResponseError } from "./errors.ts";
import type { RpcWithdrawalProof, WithdrawalProof } from "./types.ts";

function fail(message: string): never {
  throw new InvalidRpcResponseError(`rollup_getWithdrawalProof: ${message}`);
}

function object(value: unknown, where: string): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) fail(`${where} is not an object`);
  return value as Record<string, unknown>;
}

function quantity(obj: Record<string, unknown>, key: string, where: string): bigint {
  const value = obj[key];
  if (typeof value !== "string" || !/^0x(0|[1-9a-fA-F][0-9a-fA-F]*)$/.test(value)) {
    fail(`${where}.${key} is not a quantity`);
  }
  return BigInt(value);
}

function address(obj: Record<string, unknown>, key: string, where: string): Address {
  const value = obj[key];
  if (typeof value !== "string" || !isAddress(value, { strict: false }))
    fail(`${where}.${key} is not an address`);
  return getAddress(value);
}

function word(value: unknown, where: string): Hex {
  if (typeof value !== "string" || !isHex(value) || value.length !== 66)
    fail(`${where} is not a 32-byte word`);
  return value.toLowerCase() as Hex;
}

/** Checks and converts the JSON of rollup_getWithdrawalProof (RpcWithdrawalProof) into a WithdrawalProof. */
export function withdrawalProofFromRpc(json: RpcWithdrawalProof | unknown): WithdrawalProof {
  const root = object(json, "result");
  const w = object(root.withdrawal, "withdrawal");
  const b = object(root.batch, "batch");
  const r = object(b.record, "batch.record");
  const h = object(root.header, "header");
  const siblings = root.siblings;
  if (!Array.isArray(siblings) || siblings.length !== 32) fail("siblings is not an array of 32 words");
  const steps = quantity(r, "steps", "batch.record");
  if (steps > 0xffffffffn) fail("batch.record.steps is out of range");
  return {
    withdrawal: {
      index: quantity(w, "index", "withdrawal"),
      l2Sender: address(w, "l2Sender", "withdrawal"),
      l1Recipient: address(w, "l1Recipient", "withdrawal"),
      l1Token: address(w, "l1Token", "withdrawal"),
      amount: quantity(w, "amount", "withdrawal"),
    },
    batch: {
      index: quantity(b, "index", "batch"),
      record: {
        index: quantity(r, "index", "batch.record"),
        epoch: quantity(r, "epoch", "batch.record"),
        dataRoot: word(r.dataRoot, "batch.record.dataRoot"),
        parentStateRoot: word(r.parentStateRoot, "batch.record.parentStateRoot"),
        stateRoot: word(r.stateRoot, "batch.record.stateRoot"),
        steps: Number(steps),
        queueStart: quantity(r, "queueStart", "batch.record"),
        queueLimit: quantity(r, "queueLimit", "batch.record"),
        queueApplied: quantity(r, "queueApplied", "batch.record"),
        appendedAt: quantity(r, "appendedAt", "batch.record"),
        proposer: address(r, "proposer", "batch.record"),
      },
    },
    header: {
      treeRoot: word(h.treeRoot, "header.treeRoot"),
      withdrawalsRoot: word(h.withdrawalsRoot, "header.withdrawalsRoot"),
      withdrawalCount: quantity(h, "withdrawalCount", "header"),
      queueApplied: quantity(h, "queueApplied", "header"),
      accountCount: quantity(h, "accountCount", "header"),
    },
    siblings: siblings.map((s, i) => word(s, `siblings[${i}]`)),
  };
}
