import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { buildStepVectors } from "../packages/protocol/src/witness/stepVectors.ts";

test("the golden step vectors are what the state transition produces today", () => {
  const stored = JSON.parse(readFileSync(new URL("./vectors/steps.json", import.meta.url), "utf8"));
  const fresh = JSON.parse(JSON.stringify(buildStepVectors()));
  assert.deepEqual(fresh, stored, "the state transition changed: see test/vectors/README.md");
});
