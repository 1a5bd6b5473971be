export * from "./abis.ts";
export * from "./createL1Clients.ts";
export * from "./deployment.ts";
export * from "./queueEntryOfEvent.ts";
