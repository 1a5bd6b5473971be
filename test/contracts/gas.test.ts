// Gas budgets of the issue, measured by scripts/bench/gas/ on fresh in-process networks with the real
// StepVerifier and real batches built by packages/protocol (`npm run bench:gas` prints every figure).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MAX_BATCH_BYTES, MAX_BATCH_STEPS } from "../../packages/protocol/src/index.ts";
import { BATCH_TRANSFERS, measureChainGas } from "../../scripts/bench/gas/measureChainGas.ts";
import { TARGETS } from "../../scripts/bench/gas.ts";

describe("gas", () => {
  it("stays within the budgets under Hardhat's default hardfork, a whole game over the largest batch included", async () => {
    const gas = await measureChainGas();
    assert.ok(gas.depositETH.steady <= TARGETS.depositETH, `depositETH ${gas.depositETH.steady}`);
    const w = gas.finalizeWithdrawal;
    assert.ok(w.firstInWord <= TARGETS.finalizeWithdrawal, `finalizeWithdrawal ${w.firstInWord}`);
    assert.ok(w.secondInWord <= w.firstInWord);
    assert.ok(
      w.secondInWordNewRecipient <= TARGETS.finalizeWithdrawal,
      `to a new account ${w.secondInWordNewRecipient}`,
    );

    const d = gas.dispute!;
    assert.ok(d.steps > 3_900 && d.steps <= MAX_BATCH_STEPS && d.dataBytes <= MAX_BATCH_BYTES);
    assert.equal(d.rounds, 12);
    assert.equal(d.provenStep, d.lieFrom - 1);
    assert.ok(d.total <= TARGETS.disputeTotal, `disputeTotal ${d.total}`);

    // From Prague on, a batch of 1,000 transfers pays the EIP-7623 calldata floor (40 gas per non-zero
    // byte): the contract's own work disappears under it, and 1,250 per transfer is out of reach.
    assert.equal(gas.appendBatch.floorApplies, true);
    assert.equal(gas.appendBatch.gasUsed, gas.appendBatch.floorGas);
  });

  it("keeps appendBatch's own work small next to its calldata (Cancun, no floor)", async () => {
    const gas = await measureChainGas({ hardfork: "cancun", dispute: false });
    const a = gas.appendBatch;
    assert.equal(a.floorApplies, false);
    assert.ok(a.executionGas! <= 110_000, `appendBatch execution ${a.executionGas}`);
    assert.ok(a.executionGas! / BATCH_TRANSFERS <= 110, `per transfer ${a.executionGas! / BATCH_TRANSFERS}`);
    assert.ok(a.perTx <= TARGETS.appendBatchPerTx, `appendBatch per transfer ${a.perTx}`);
  });
});
