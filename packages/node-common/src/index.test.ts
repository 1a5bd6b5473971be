import assert from "node:assert/strict";
import { it } from "node:test";
import * as nodeCommon from "./index.ts";

it("the package entry point loads and exports the public API", () => {
  for (const name of [
    "loadConfig",
    "configHelp",
    "wantsHelp",
    "ConfigError",
    "openDatabase",
    "migrate",
    "openJobQueue",
    "createLogger",
    "createMetrics",
    "createL1Clients",
    "readDeployment",
    "rollupAbi",
    "BaseError",
  ]) {
    assert.ok(name in nodeCommon, `${name} is exported`);
  }
  assert.ok(new nodeCommon.ConfigError(["x"]) instanceof nodeCommon.BaseError);
});
