import { createRequire } from "node:module";
import hardhatViem from "@nomicfoundation/hardhat-viem";
import type { HardhatUserConfig } from "hardhat/config";

// These machines are offline: compile with the solc-js that npm installed, and take its version
// from its own package.json so the label can never disagree with the compiler.
const require = createRequire(import.meta.url);
const solcVersion: string = require("solc/package.json").version;

const config: HardhatUserConfig = {
  plugins: [hardhatViem],
  solidity: {
    version: solcVersion,
    path: require.resolve("solc/soljson.js"),
    settings: {
      optimizer: { enabled: true, runs: 1000 },
      evmVersion: "cancun",
    },
  },
  paths: {
    sources: "./contracts",
  },
};

export default config;
