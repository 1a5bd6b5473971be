import { writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { type Address, getAddress, type Hex, isAddress, isHex } from "viem";
import { BaseError } from "../errors.ts";

// The deployment file: what the sequencer, the verifier and the tools need to find and understand the
// L1 contracts. JSON, with integers as decimal strings (they can exceed 2^53). scripts/deploy.ts writes
// it; the services read it with readDeployment. The format lives here, in one place, for both.

export const DEPLOYMENT_FORMAT = "halcyon-deployment/1";

/** Chain parameters, fixed at deploy time as constructor arguments (docs/protocol.md §1). */
export type HalcyonParameters = {
  /** The L2 chain id (EIP-155). */
  readonly l2ChainId: bigint;
  /** The L2 account that receives every transaction fee (read by the StepVerifier and the L2 nodes). */
  readonly feeVault: Address;
  /** The account that may append batches while it is active. */
  readonly sequencer: Address;
  /** Seconds after a batch's append during which a game can be opened against it. */
  readonly challengeWindow: bigint;
  /** Seconds without an append after which anyone bonded may append. */
  readonly inactivityPeriod: bigint;
  /** Seconds after which a queue entry must be applied by the next batch. */
  readonly forceInclusionDelay: bigint;
  /** Wei a proposer must have bonded to append (and loses with a game). */
  readonly proposerBond: bigint;
  /** Wei a challenger posts per game. */
  readonly challengerBond: bigint;
  /** Seconds on each side's chess clock at the start of a game. */
  readonly proposerClock: bigint;
  readonly challengerClock: bigint;
  /** Share of a loser's bond burned, in basis points. */
  readonly burnBps: bigint;
};

export const PARAMETER_NAMES = [
  "l2ChainId",
  "feeVault",
  "sequencer",
  "challengeWindow",
  "inactivityPeriod",
  "forceInclusionDelay",
  "proposerBond",
  "challengerBond",
  "proposerClock",
  "challengerClock",
  "burnBps",
] as const satisfies readonly (keyof HalcyonParameters)[];

/** A batch record as the Rollup emits it in BatchAppended (contracts/interfaces/IRollup.sol). */
export type BatchRecord = {
  readonly index: bigint;
  readonly epoch: bigint;
  readonly dataRoot: Hex;
  readonly parentStateRoot: Hex;
  readonly stateRoot: Hex;
  readonly steps: number;
  readonly queueStart: bigint;
  readonly queueLimit: bigint;
  readonly queueApplied: bigint;
  readonly appendedAt: bigint;
  readonly proposer: Address;
};

export type HalcyonAddresses = {
  readonly rollup: Address;
  readonly bridge: Address;
  readonly disputeGame: Address;
  readonly stepVerifier: Address;
};

export type Deployment = {
  readonly format: typeof DEPLOYMENT_FORMAT;
  /** The L1 chain id. */
  readonly l1ChainId: number;
  readonly deployer: Address;
  /** The block of the first deployment transaction: services scan L1 events from here. */
  readonly deployBlock: bigint;
  readonly addresses: HalcyonAddresses;
  /** The contract deployed as the StepVerifier (the real one, or a test double in unit tests). */
  readonly stepVerifierContract: string;
  readonly parameters: HalcyonParameters;
  /** Batch 0, emitted by the Rollup's constructor: final from the start. */
  readonly genesis: { readonly recordHash: Hex; readonly record: BatchRecord };
};

export class DeploymentFileError extends BaseError {
  override name = "DeploymentFileError";
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function toJson(value: unknown): Json {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(toJson);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
  }
  return value as Json;
}

/** The deployment file's text. */
export function serializeDeployment(deployment: Deployment): string {
  return `${JSON.stringify(toJson(deployment), null, 2)}\n`;
}

export function writeDeploymentFile(path: string, deployment: Deployment): void {
  writeFileSync(path, serializeDeployment(deployment));
}

function field(obj: Record<string, unknown>, key: string, where: string): unknown {
  if (!(key in obj)) throw new DeploymentFileError(`${where}.${key} is missing`);
  return obj[key];
}

function object(value: unknown, where: string): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new DeploymentFileError(`${where} must be an object`);
  }
  return value as Record<string, unknown>;
}

function bigintField(obj: Record<string, unknown>, key: string, where: string): bigint {
  const value = field(obj, key, where);
  if (typeof value !== "string" || !/^(0|[1-9][0-9]*)$/.test(value)) {
    throw new DeploymentFileError(`${where}.${key} must be a decimal integer string`);
  }
  return BigInt(value);
}

function addressField(obj: Record<string, unknown>, key: string, where: string): Address {
  const value = field(obj, key, where);
  if (typeof value !== "string" || !isAddress(value, { strict: false })) {
    throw new DeploymentFileError(`${where}.${key} must be an address`);
  }
  return getAddress(value);
}

function hashField(obj: Record<string, unknown>, key: string, where: string): Hex {
  const value = field(obj, key, where);
  if (typeof value !== "string" || !isHex(value) || value.length !== 66) {
    throw new DeploymentFileError(`${where}.${key} must be a 32-byte hex string`);
  }
  return value;
}

/** Parses and checks a deployment file's text. Throws DeploymentFileError. */
export function parseDeployment(text: string): Deployment {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new DeploymentFileError(`not JSON: ${(cause as Error).message}`);
  }
  const d = object(raw, "deployment");
  if (d.format !== DEPLOYMENT_FORMAT) throw new DeploymentFileError(`format must be ${DEPLOYMENT_FORMAT}`);
  const l1ChainId = field(d, "l1ChainId", "deployment");
  if (typeof l1ChainId !== "number" || !Number.isSafeInteger(l1ChainId) || l1ChainId <= 0) {
    throw new DeploymentFileError("deployment.l1ChainId must be a positive integer");
  }
  const stepVerifierContract = field(d, "stepVerifierContract", "deployment");
  if (typeof stepVerifierContract !== "string") {
    throw new DeploymentFileError("deployment.stepVerifierContract must be a string");
  }
  const a = object(field(d, "addresses", "deployment"), "addresses");
  const p = object(field(d, "parameters", "deployment"), "parameters");
  const g = object(field(d, "genesis", "deployment"), "genesis");
  const r = object(field(g, "record", "genesis"), "genesis.record");
  const steps = field(r, "steps", "genesis.record");
  if (typeof steps !== "number") throw new DeploymentFileError("genesis.record.steps must be a number");
  return {
    format: DEPLOYMENT_FORMAT,
    l1ChainId,
    deployer: addressField(d, "deployer", "deployment"),
    deployBlock: bigintField(d, "deployBlock", "deployment"),
    addresses: {
      rollup: addressField(a, "rollup", "addresses"),
      bridge: addressField(a, "bridge", "addresses"),
      disputeGame: addressField(a, "disputeGame", "addresses"),
      stepVerifier: addressField(a, "stepVerifier", "addresses"),
    },
    stepVerifierContract,
    parameters: {
      l2ChainId: bigintField(p, "l2ChainId", "parameters"),
      feeVault: addressField(p, "feeVault", "parameters"),
      sequencer: addressField(p, "sequencer", "parameters"),
      challengeWindow: bigintField(p, "challengeWindow", "parameters"),
      inactivityPeriod: bigintField(p, "inactivityPeriod", "parameters"),
      forceInclusionDelay: bigintField(p, "forceInclusionDelay", "parameters"),
      proposerBond: bigintField(p, "proposerBond", "parameters"),
      challengerBond: bigintField(p, "challengerBond", "parameters"),
      proposerClock: bigintField(p, "proposerClock", "parameters"),
      challengerClock: bigintField(p, "challengerClock", "parameters"),
      burnBps: bigintField(p, "burnBps", "parameters"),
    },
    genesis: {
      recordHash: hashField(g, "recordHash", "genesis"),
      record: {
        index: bigintField(r, "index", "genesis.record"),
        epoch: bigintField(r, "epoch", "genesis.record"),
        dataRoot: hashField(r, "dataRoot", "genesis.record"),
        parentStateRoot: hashField(r, "parentStateRoot", "genesis.record"),
        stateRoot: hashField(r, "stateRoot", "genesis.record"),
        steps,
        queueStart: bigintField(r, "queueStart", "genesis.record"),
        queueLimit: bigintField(r, "queueLimit", "genesis.record"),
        queueApplied: bigintField(r, "queueApplied", "genesis.record"),
        appendedAt: bigintField(r, "appendedAt", "genesis.record"),
        proposer: addressField(r, "proposer", "genesis.record"),
      },
    },
  };
}

/** Reads and checks the deployment file at `path`. Throws DeploymentFileError naming the file. */
export async function readDeployment(path: string): Promise<Deployment> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    throw new DeploymentFileError(`cannot read the deployment file ${path}: ${(cause as Error).message}`, {
      cause,
      details: { path },
    });
  }
  try {
    return parseDeployment(text);
  } catch (cause) {
    if (!(cause instanceof DeploymentFileError)) throw cause;
    throw new DeploymentFileError(`${path}: ${cause.message}`, { cause, details: { path } });
  }
}

/**
 * Parameters from a JSON object (e.g. a --params file): integers as decimal strings or safe numbers,
 * addresses as hex. Only the keys present are returned; unknown keys throw DeploymentFileError.
 */
export function parseParameterOverrides(value: unknown): Partial<HalcyonParameters> {
  const obj = object(value, "parameters");
  const out: Record<string, bigint | Address> = {};
  for (const [key, v] of Object.entries(obj)) {
    if (!(PARAMETER_NAMES as readonly string[]).includes(key)) {
      throw new DeploymentFileError(`unknown parameter ${key}`);
    }
    if (key === "feeVault" || key === "sequencer") {
      out[key] = addressField(obj, key, "parameters");
    } else if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) {
      out[key] = BigInt(v);
    } else {
      out[key] = bigintField(obj, key, "parameters");
    }
  }
  return out as Partial<HalcyonParameters>;
}
