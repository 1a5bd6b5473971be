import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { network } from "hardhat";
import { createPublicClient, getAddress, http } from "viem";
import { bridgeAbi, disputeGameAbi, rollupAbi } from "../../packages/node-common/src/l1/abis.ts";
import {
  DeploymentFileError,
  deployHalcyon,
  parseDeployment,
  parseParameterOverrides,
  readDeployment,
  serializeDeployment,
} from "../../scripts/deploy.ts";
import { ArtifactError } from "../../scripts/lib/artifacts.ts";
import { createFixture, GENESIS_HEADER, stateRootOf, TEST_PARAMETERS, type Wallet } from "./fixture.ts";

const run = promisify(execFile);
const DEPLOY_SCRIPT = fileURLToPath(new URL("../../scripts/deploy.ts", import.meta.url));
const fx = await createFixture();

describe("scripts/deploy.ts", () => {
  it("deploys the four contracts where predicted and wires their immutables to one another", async () => {
    const d = fx.deployment;
    const read = fx.publicClient.readContract;
    const a = d.addresses;
    assert.equal(await read({ address: a.bridge, abi: bridgeAbi, functionName: "ROLLUP" }), a.rollup);
    assert.equal(await read({ address: a.rollup, abi: rollupAbi, functionName: "BRIDGE" }), a.bridge);
    assert.equal(
      await read({ address: a.rollup, abi: rollupAbi, functionName: "DISPUTE_GAME" }),
      a.disputeGame,
    );
    assert.equal(
      await read({ address: a.disputeGame, abi: disputeGameAbi, functionName: "ROLLUP" }),
      a.rollup,
    );
    assert.equal(
      await read({ address: a.disputeGame, abi: disputeGameAbi, functionName: "STEP_VERIFIER" }),
      a.stepVerifier,
    );
    assert.equal(d.parameters.sequencer, getAddress(fx.sequencer.account.address));
    assert.equal(d.parameters.challengeWindow, TEST_PARAMETERS.challengeWindow);
    assert.equal(d.stepVerifierContract, "TestStepVerifier");
    assert.equal(d.l1ChainId, 31337);
    assert.equal(d.genesis.record.stateRoot, stateRootOf(GENESIS_HEADER));
    const first = await fx.publicClient.getTransactionCount({
      address: d.deployer,
      blockNumber: d.deployBlock - 1n,
    });
    assert.equal(first, 0);
  });

  it("round-trips the deployment file and refuses malformed ones", () => {
    const text = serializeDeployment(fx.deployment);
    assert.deepEqual(parseDeployment(text), fx.deployment);
    const json = JSON.parse(text);
    assert.equal(typeof json.deployBlock, "string");
    const broken = [
      "{",
      JSON.stringify({ ...json, format: "other" }),
      JSON.stringify({ ...json, addresses: { ...json.addresses, rollup: "0x12" } }),
      JSON.stringify({ ...json, parameters: { ...json.parameters, challengeWindow: 5 } }),
      JSON.stringify({ ...json, genesis: { ...json.genesis, recordHash: "0x00" } }),
    ];
    for (const t of broken) assert.throws(() => parseDeployment(t), DeploymentFileError);
    assert.deepEqual(parseParameterOverrides({ challengeWindow: 60, proposerBond: "1000" }), {
      challengeWindow: 60n,
      proposerBond: 1000n,
    });
    assert.throws(() => parseParameterOverrides({ window: 60 }), DeploymentFileError);
  });

  it("fails clearly when a contract has no artifact", async () => {
    await assert.rejects(
      deployHalcyon({
        publicClient: fx.publicClient,
        walletClient: fx.dave as Wallet,
        stepVerifier: { contract: "NoSuchVerifier", args: () => [] },
      }),
      ArtifactError,
    );
  });

  it("deploys to a JSON-RPC URL from the command line and writes the deployment file", async () => {
    const server = await network.createServer({}, "127.0.0.1", 0);
    const { address, port } = await server.listen();
    try {
      const dir = mkdtempSync(join(tmpdir(), "halcyon-deploy-"));
      const out = join(dir, "deployment.json");
      const params = join(dir, "params.json");
      writeFileSync(params, JSON.stringify({ challengeWindow: 3600, l2ChainId: "777" }));
      const url = `http://${address}:${port}`;
      await run(process.execPath, [
        DEPLOY_SCRIPT,
        "--rpc",
        url,
        "--out",
        out,
        "--params",
        params,
        "--step-verifier",
        "TestStepVerifier",
      ]);
      const d = await readDeployment(out);
      assert.equal(d.parameters.challengeWindow, 3600n);
      assert.equal(d.parameters.l2ChainId, 777n);
      assert.equal(d.stepVerifierContract, "TestStepVerifier");
      assert.equal(JSON.parse(readFileSync(out, "utf8")).format, "halcyon-deployment/1");
      const client = createPublicClient({ transport: http(url) });
      for (const contract of Object.values(d.addresses)) {
        assert.notEqual(await client.getCode({ address: contract }), undefined);
      }
      assert.equal(
        await client.readContract({
          address: d.addresses.bridge,
          abi: bridgeAbi,
          functionName: "L2_CHAIN_ID",
        }),
        777n,
      );
    } finally {
      await server.close();
    }
  });

  it("deploys to an in-process network without --rpc and prints the deployment", async () => {
    const { stdout } = await run(process.execPath, [DEPLOY_SCRIPT, "--step-verifier", "TestStepVerifier"]);
    const d = parseDeployment(stdout);
    assert.equal(d.parameters.challengeWindow, 7n * 86_400n);
    assert.equal(d.parameters.sequencer, d.deployer);
  });
});
