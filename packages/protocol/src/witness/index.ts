// One-step witnesses (docs/protocol.md §8.2) and the golden vectors built from them.

export {
  createStepContext,
  type EncodableStepWitness,
  encodeStepWitness,
  queueEntryPreimage,
  STEP_WITNESS_ABI,
  type StepContext,
} from "./encodeStepWitness.ts";
export { buildStepVectors } from "./stepVectors.ts";
export {
  type DataWindow,
  dataWindow,
  generateBatchWitnesses,
  generateStepWitness,
  MAX_UNIT_BYTES,
  recordStep,
  type StepWitness,
  type TreeRead,
  WitnessError,
} from "./stepWitness.ts";
export { toJsonValue } from "./witnessJson.ts";
