import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type Deployment, DeploymentFileError, readDeployment, serializeDeployment } from "./deployment.ts";

const h = (byte: string) => `0x${byte.repeat(32)}` as const;
const a = (byte: string) => `0x${byte.repeat(20)}` as const;

const deployment: Deployment = {
  format: "halcyon-deployment/1",
  l1ChainId: 31337,
  deployer: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
  deployBlock: 1n,
  addresses: { rollup: a("11"), bridge: a("22"), disputeGame: a("33"), stepVerifier: a("44") },
  stepVerifierContract: "StepVerifier",
  parameters: {
    l2ChainId: 901n,
    feeVault: a("55"),
    sequencer: a("66"),
    challengeWindow: 604_800n,
    inactivityPeriod: 86_400n,
    forceInclusionDelay: 43_200n,
    proposerBond: 10n ** 18n,
    challengerBond: 10n ** 17n,
    proposerClock: 3_600n,
    challengerClock: 3_600n,
    burnBps: 5_000n,
  },
  genesis: {
    recordHash: h("aa"),
    record: {
      index: 0n,
      epoch: 0n,
      dataRoot: h("00"),
      parentStateRoot: h("00"),
      stateRoot: h("bb"),
      steps: 0,
      queueStart: 0n,
      queueLimit: 0n,
      queueApplied: 0n,
      appendedAt: 1_700_000_000n,
      proposer: a("66"),
    },
  },
};

describe("readDeployment", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "halcyon-deployment-"));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it("reads back what scripts/deploy.ts writes", async () => {
    const path = join(dir, "deployment.json");
    await writeFile(path, serializeDeployment(deployment));
    assert.deepEqual(await readDeployment(path), deployment);
  });

  it("names the file in its errors", async () => {
    await assert.rejects(readDeployment(join(dir, "missing.json")), (e: unknown) => {
      assert.ok(e instanceof DeploymentFileError);
      assert.match(e.message, /cannot read the deployment file .*missing\.json/);
      return true;
    });
    const broken = join(dir, "broken.json");
    await writeFile(broken, serializeDeployment(deployment).replace('"burnBps": "5000"', '"burnBps": 5000'));
    await assert.rejects(
      readDeployment(broken),
      /broken\.json: parameters\.burnBps must be a decimal integer string/,
    );
  });
});
