// Gas budgets of the issue, measured by scripts/bench/contracts.ts on fresh in-process networks.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BATCH_TRANSFERS, measureGas } from "../../scripts/bench/contracts.ts";

describe("gas", () => {
  it("stays within the budgets under Hardhat's default hardfork", async () => {
    const gas = await measureGas();
    assert.ok(gas.depositETH <= 60_000, `depositETH ${gas.depositETH}`);
    assert.ok(
      gas.finalizeWithdrawal.firstInWord <= 120_000,
      `finalizeWithdrawal ${gas.finalizeWithdrawal.firstInWord}`,
    );
    assert.ok(gas.finalizeWithdrawal.secondInWord <= gas.finalizeWithdrawal.firstInWord);
    // From Prague on, a 78 KB batch pays the EIP-7623 calldata floor (40 gas per non-zero byte): the
    // contract's own work disappears under it.
    assert.equal(gas.appendBatch.floorApplies, true);
    assert.equal(gas.appendBatch.gasUsed, gas.appendBatch.floorGas);
  });

  it("keeps appendBatch's own work small next to its calldata (Cancun, no floor)", async () => {
    const gas = await measureGas("cancun");
    assert.equal(gas.appendBatch.floorApplies, false);
    const execution = gas.appendBatch.executionGas!;
    assert.ok(execution <= 110_000, `appendBatch execution ${execution}`);
    assert.ok(execution / BATCH_TRANSFERS <= 110, `per transfer ${execution / BATCH_TRANSFERS}`);
  });
});
