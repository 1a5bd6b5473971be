// The deployment file (what scripts/deploy.ts and the devnet write: chain ids, addresses, parameters),
// from node-common by path: its index also exports server code an SDK must not pull in.
export {
  DeploymentFileError,
  parseDeployment,
  readDeployment,
} from "../../node-common/src/l1/deployment.ts";
