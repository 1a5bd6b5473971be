// Writes the golden vectors of test/vectors/ (npm run vectors): every step of the scenarios in
// packages/protocol/src/testing/vectorScenarios.ts, with its witness and the roots before and after.
import { writeFileSync } from "node:fs";
import { buildStepVectors } from "../packages/protocol/src/witness/stepVectors.ts";

const path = new URL("../test/vectors/steps.json", import.meta.url);
writeFileSync(path, `${JSON.stringify(buildStepVectors(), null, 1)}\n`);
console.log(`wrote ${path.pathname.split("/").slice(-3).join("/")}`);
