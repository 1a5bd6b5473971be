import assert from "node:assert/strict";
import { it } from "node:test";
import { staleAbis } from "../../scripts/lib/abiContracts.ts";
import * as abis from "../../scripts/lib/abis.ts";

it("scripts/lib/abis.ts matches the compiled contracts (regenerate: node scripts/generateAbis.ts)", () => {
  assert.deepEqual(staleAbis(abis), []);
});
