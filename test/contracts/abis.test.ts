import assert from "node:assert/strict";
import { it } from "node:test";
import * as abis from "../../packages/node-common/src/l1/abis.ts";
import { staleAbis } from "../../scripts/lib/abiContracts.ts";

it("packages/node-common/src/l1/abis.ts matches the compiled contracts (regenerate: node scripts/generateAbis.ts)", () => {
  assert.deepEqual(staleAbis(abis), []);
});
