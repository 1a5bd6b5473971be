import { relative } from "node:path";
import { formatEther } from "viem";
import { FUNDED_ACCOUNT_INDICES } from "./devnetAccounts.ts";
import type { Devnet } from "./startDevnet.ts";

function duration(seconds: bigint): string {
  if (seconds % 3_600n === 0n) return `${seconds / 3_600n} h`;
  if (seconds % 60n === 0n) return `${seconds / 60n} min`;
  return `${seconds} s`;
}

/** What `npm run devnet` prints once everything runs: endpoints, contracts, keys, a first command. */
export function formatSummary(devnet: Devnet, options: { cwd: string; cliAvailable: boolean }): string {
  const show = (path: string) => {
    const rel = relative(options.cwd, path);
    return rel === "" || rel.startsWith("..") ? path : rel;
  };
  const { deployment } = devnet;
  const p = deployment.parameters;
  const [first] = devnet.accounts;
  const rows = (pairs: [string, string][]) => {
    const width = Math.max(...pairs.map(([k]) => k.length));
    return pairs.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join("\n");
  };
  const balanceCall = JSON.stringify({
    jsonrpc: "2.0",
    id: 1,
    method: "eth_getBalance",
    params: [first?.address, "latest"],
  });
  return [
    `Halcyon devnet ${devnet.created ? "started (a new chain)" : "resumed"}: data in ${show(devnet.dataDir)}`,
    "",
    rows([
      ["L1 (Hardhat)", `${devnet.l1Url}  chain id ${devnet.l1ChainId}`],
      ["L2 (sequencer)", `${devnet.l2Url}  chain id ${devnet.l2ChainId}`],
      ["verifier", `${devnet.verifierUrl}/status`],
      ["deployment file", show(devnet.deploymentFile)],
      ["logs", show(`${devnet.dataDir}/logs`)],
    ]),
    "",
    "Contracts on L1",
    rows([
      ["Rollup", deployment.addresses.rollup],
      ["Bridge", deployment.addresses.bridge],
      ["DisputeGame", deployment.addresses.disputeGame],
      ["StepVerifier", deployment.addresses.stepVerifier],
    ]),
    `  challenge window ${duration(p.challengeWindow)}, game clocks ${duration(p.proposerClock)}, ` +
      `proposer bond ${formatEther(p.proposerBond)} ETH, challenger bond ${formatEther(p.challengerBond)} ETH`,
    "",
    "Funded accounts (10,000 ETH on L1, 100 ETH deposited to L2 when the chain was created).",
    "Hardhat's well-known development keys: public, for this devnet only.",
    rows(
      devnet.accounts.map((a, i) => [
        `#${FUNDED_ACCOUNT_INDICES[i] ?? "?"}`,
        `${a.address}  ${a.privateKey}`,
      ]),
    ),
    "",
    "Try",
    ...(options.cliAvailable ? ["  npx halcyon status"] : []),
    `  curl -s -H 'content-type: application/json' -d '${balanceCall}' ${devnet.l2Url}`,
    "",
    "Ctrl-C stops everything; `npm run devnet` again resumes this chain, `npm run devnet -- --fresh` starts a new one.",
  ].join("\n");
}
