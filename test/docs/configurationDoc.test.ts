import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { it } from "node:test";
import { SEQUENCER_CONFIG } from "../../sequencer/src/config.ts";
import { VERIFIER_CONFIG } from "../../verifier/src/config.ts";
import { CONFIGURATION_DOC, configurationDoc } from "../../scripts/lib/docs/configurationDoc.ts";

const committed = await readFile(new URL(`../../${CONFIGURATION_DOC}`, import.meta.url), "utf8");

it("docs/configuration.md is what `npm run docs:config` generates from the current schemas", () => {
  assert.equal(committed, configurationDoc(), "stale: run `npm run docs:config`");
});

it("docs/configuration.md names every environment variable of both services", () => {
  for (const field of [...Object.values(SEQUENCER_CONFIG), ...Object.values(VERIFIER_CONFIG)]) {
    if (field.env !== undefined) assert.match(committed, new RegExp(`\`${field.env}\``), field.env);
  }
});
