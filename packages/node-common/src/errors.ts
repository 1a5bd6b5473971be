// node-common's errors share the project's one error base (packages/protocol/src/errors.ts): a literal
// `name`, a short message, plain-data details and a cause chain.
export { BaseError, type ErrorDetails } from "@halcyon/protocol";
