import { BaseError } from "../errors.ts";

/** Everything wrong with the configuration at once, one line per problem. */
export class ConfigError extends BaseError {
  override name = "ConfigError";
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`, {
      details: { problems: problems.length },
    });
    this.problems = problems;
  }
}
