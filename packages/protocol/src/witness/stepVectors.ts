import { computeDataRoot } from "../codec/dataCommitment.ts";
import { stateRootOf } from "../state/stateHeader.ts";
import { BatchMachine } from "../stf/batchMachine.ts";
import { commitmentOf, stepCommitment } from "../stf/cursor.ts";
import { vectorScenarios } from "../testing/vectorScenarios.ts";
import { recordStep } from "./stepWitness.ts";
import { toJsonValue } from "./witnessJson.ts";

/** Outcome label of a step result, e.g. "tx:succeeded", "queue", "halt:past-end". */
function outcomeLabel(result: ReturnType<typeof recordStep>["result"]): string {
  switch (result.kind) {
    case "tx":
      return `tx:${result.outcome.status}${result.outcome.status === "invalid" ? `:${result.outcome.reason}` : ""}`;
    case "halt":
      return `halt:${result.malformed.reason}`;
    default:
      return result.kind;
  }
}

/** The golden vectors of every scenario step: JSON-ready (test/vectors/README.md). */
export function buildStepVectors(): unknown {
  const scenarios = vectorScenarios();
  const batches = scenarios.map((scenario) => {
    const machine = new BatchMachine(scenario.preState(), scenario.context);
    const queue: unknown[] = [];
    for (let i = 0n; i < scenario.context.queueLimit; i++) queue.push(scenario.context.queueEntry(i));
    const steps = [];
    for (let i = 0; i < scenario.steps; i++) {
      const witness = recordStep(machine, i);
      const { result, ...rest } = witness;
      steps.push({
        outcome: outcomeLabel(result),
        preStateRoot: stateRootOf(witness.preHeader),
        preCommitment: stepCommitment(witness.preHeader, witness.preCursor),
        postStateRoot: machine.state.stateRoot(),
        postCommitment: commitmentOf(machine.state.stateRoot(), machine.cursor),
        witness: rest,
      });
    }
    return {
      name: scenario.name,
      data: scenario.context.data,
      dataRoot: computeDataRoot(scenario.context.data),
      queueLimit: scenario.context.queueLimit,
      queue,
      steps,
    };
  });
  return toJsonValue({
    format: "halcyon-step-vectors-1",
    chainId: scenarios[0]?.context.config.chainId,
    feeVault: scenarios[0]?.context.config.feeVault,
    batches,
  });
}
