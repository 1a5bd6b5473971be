// Gas of Halcyon's L1 contracts (issue "L1 contracts"), measured on in-process Hardhat networks with the
// real StepVerifier, real batches encoded by packages/protocol from signed L2 transactions, queue entries
// made through the real Bridge, and whole dispute games played by scripts/lib/harness/gameDriver.ts. Under
// Hardhat's default hardfork (osaka: EIP-7623 calldata floor) and under cancun for comparison.
//
//   depositETH          an ETH deposit that is not the queue's first
//   appendBatchPerTx    the whole appendBatch transaction of a batch of 1,000 signed ETH transfers among 100
//                       funded accounts, divided by 1,000
//   oneStepExecution    the worst step kind: executeStep's execution plus its witness calldata without the
//                       batch data's chunks (the 21,000 base excluded), in a state of 100,000 accounts
//   oneStepWithData     the worst step kind: executeStep sent as a transaction, chunks included, minus 21,000
//   bisectionMove       the larger of one proposer reveal and one challenger answer (whole transactions)
//   disputeTotal        every transaction of both sides in a game over a batch of ~4,000 steps and ~117 kB
//                       whose proposer lies from a middle transaction step on: open, every reveal and answer,
//                       the one-step proof (which resolves the game, deletes the batch and slashes), the payout
//   finalizeWithdrawal  an ETH withdrawal from a real batch once final, to an L1 account that exists, the first
//                       in its 256-withdrawal nullifier word
// Also, for reference: an ERC-20 deposit, a forced transaction, appendBatch's parts (calldata, floor,
// execution), the one-step proof of every worst-case step kind.
//
// Usage: npm run bench:gas [-- --json]     (run `npx hardhat build` first)
// The measurements live in scripts/bench/gas/ (measureChainGas, measureOneStepGas); test/contracts/gas.test.ts
// checks the budgets with them.
import { MAX_BATCH_STEPS, maxBisectionRounds } from "../../packages/protocol/src/index.ts";
import { TX_BASE_GAS } from "./gas/calldata.ts";
import { type ChainGas, measureChainGas } from "./gas/measureChainGas.ts";
import { measureOneStepGas, type OneStepGas } from "./gas/measureOneStepGas.ts";

/** The issue's targets. */
export const TARGETS = {
  depositETH: 60_000,
  appendBatchPerTx: 1_250,
  oneStepExecution: 400_000,
  disputeTotal: 4_000_000,
  finalizeWithdrawal: 120_000,
} as const;

export type Headline = {
  depositETH: number;
  appendBatchPerTx: number;
  oneStepExecution: number;
  oneStepWithData: number;
  bisectionMove: number;
  disputeTotal: number;
  finalizeWithdrawal: number;
};

export function headlineOf(chain: ChainGas, oneStep: OneStepGas): Headline {
  const d = chain.dispute;
  return {
    depositETH: chain.depositETH.steady,
    appendBatchPerTx: Math.round(chain.appendBatch.perTx),
    oneStepExecution: Math.max(...oneStep.steps.map((s) => s.withoutData)),
    oneStepWithData: Math.max(...oneStep.steps.map((s) => s.withData)),
    bisectionMove: d === null ? 0 : Math.max(d.revealMax, d.answerMax),
    disputeTotal: d === null ? 0 : d.total,
    finalizeWithdrawal: chain.finalizeWithdrawal.firstInWord,
  };
}

/**
 * The measured game with its one-step proof swapped for the most expensive step measured at 100,000
 * accounts (the game's chain is small: its proofs are shallower): an estimate, as the EIP-7623 floor applies
 * per transaction.
 */
function worstStepDispute(chain: ChainGas, oneStep: OneStepGas): number | null {
  const d = chain.dispute;
  if (d === null) return null;
  const worst = Math.max(...oneStep.steps.map((s) => s.withData));
  return d.total - d.proveStep + (d.proveStep - d.proofAsExecuteStep) + TX_BASE_GAS + worst;
}

function missed(headline: Headline): string[] {
  return Object.entries(TARGETS)
    .filter(([key, target]) => headline[key as keyof typeof TARGETS] > target)
    .map(([key, target]) => `${key} ${headline[key as keyof typeof TARGETS]} > ${target}`);
}

function printReadable(runs: { chain: ChainGas; oneStep: OneStepGas; headline: Headline }[]): void {
  for (const { chain, oneStep, headline } of runs) {
    console.log(`\n== hardfork ${chain.hardfork}`);
    for (const [key, value] of Object.entries(headline)) {
      const target = TARGETS[key as keyof typeof TARGETS];
      console.log(
        `  ${key.padEnd(20)} ${String(value).padStart(10)}${target === undefined ? "" : `  (target ${target})`}`,
      );
    }
    const a = chain.appendBatch;
    console.log(
      `  appendBatch: ${a.gasUsed} gas for ${a.transfers} transfers, ${a.dataBytes} B (${a.bytesPerTx} B/tx), ` +
        `standard calldata ${a.standardCalldataGas}, floor ${a.floorGas}, floor applies: ${a.floorApplies}, ` +
        `execution ${a.executionGas ?? "n/a (floor)"}`,
    );
    console.log(
      `  depositETH first ${chain.depositETH.first}, depositERC20 ${chain.depositERC20}, forceTransaction ${chain.forceTransaction}`,
    );
    console.log(`  finalizeWithdrawal ${JSON.stringify(chain.finalizeWithdrawal)}`);
    if (chain.dispute !== null) console.log(`  dispute ${JSON.stringify(chain.dispute)}`);
    console.log(
      `  one-step proofs, ${oneStep.accounts} accounts, ${oneStep.withdrawals} withdrawals (execution + calldata w/o chunks | as a transaction - 21,000):`,
    );
    for (const s of oneStep.steps) {
      console.log(
        `    ${s.name.padEnd(62)} reads ${String(s.reads).padStart(2)} siblings <= ${String(s.maxSiblings).padStart(2)} ` +
          `${String(s.withoutData).padStart(8)} | ${String(s.withData).padStart(8)}${s.floorApplies ? " (floor)" : ""}`,
      );
    }
  }
}

async function main(): Promise<void> {
  const json = process.argv.includes("--json");
  const hardforks = [undefined, "cancun"] as const;
  const oneSteps = await measureOneStepGas({ hardforks });
  const runs = [];
  for (const [i, hardfork] of hardforks.entries()) {
    const chain = await measureChainGas({ ...(hardfork === undefined ? {} : { hardfork }), dispute: true });
    const oneStep = oneSteps[i]!;
    runs.push({ chain, oneStep, headline: headlineOf(chain, oneStep) });
  }
  const [standard, cancun] = runs as [(typeof runs)[number], (typeof runs)[number]];
  if (!json) printReadable(runs);
  const summary = {
    ...standard.headline,
    hardfork: standard.chain.hardfork,
    bytesPerTx: standard.chain.appendBatch.bytesPerTx,
    bisectionReveal: standard.chain.dispute?.revealMax,
    bisectionAnswer: standard.chain.dispute?.answerMax,
    maxBisectionRounds: maxBisectionRounds(MAX_BATCH_STEPS),
    disputeTotalWorstStep: worstStepDispute(standard.chain, standard.oneStep),
    missed: missed(standard.headline),
    details: { chain: standard.chain, oneStep: standard.oneStep },
    cancun: {
      ...cancun.headline,
      disputeTotalWorstStep: worstStepDispute(cancun.chain, cancun.oneStep),
      missed: missed(cancun.headline),
      details: { chain: cancun.chain, oneStep: cancun.oneStep },
    },
  };
  console.log(JSON.stringify(summary));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await main();
  process.exit(0);
}
