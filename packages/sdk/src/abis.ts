// The L1 contracts' ABIs, generated into node-common from the Hardhat artifacts. Imported by path: the
// node-common index also exports its database, queue and logging code, which an SDK must not pull in.
export { bridgeAbi, disputeGameAbi, rollupAbi } from "../../node-common/src/l1/abis.ts";
