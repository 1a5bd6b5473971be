export * from "./database.ts";
export * from "./migrate.ts";
export * from "./openDatabase.ts";
export * from "./typeParsers.ts";
