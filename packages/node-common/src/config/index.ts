export * from "./configError.ts";
export * from "./configHelp.ts";
export * from "./configSchema.ts";
export * from "./loadConfig.ts";
export * from "./parseConfigValue.ts";
export * from "./configReference.ts";
