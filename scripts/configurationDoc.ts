import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { CONFIGURATION_DOC, configurationDoc } from "./lib/docs/configurationDoc.ts";

// `npm run docs:config`: rewrites docs/configuration.md from the services' config schemas.

const path = fileURLToPath(new URL(`../${CONFIGURATION_DOC}`, import.meta.url));
await writeFile(path, configurationDoc());
process.stdout.write(`wrote ${CONFIGURATION_DOC}\n`);
