import type { Address, Hex } from "viem";

/** The value each field type parses to. `duration` is in milliseconds. */
export type ConfigValueTypes = {
  string: string;
  url: string;
  int: number;
  bigint: bigint;
  duration: number;
  address: Address;
  privateKey: Hex;
  boolean: boolean;
};

export type ConfigType = keyof ConfigValueTypes;

type FieldBase<K extends ConfigType> = {
  readonly type: K;
  /** One line for --help. */
  readonly description: string;
  /** The environment variable, e.g. "SEQUENCER_BLOCK_TIME_MS". None: command line only. */
  readonly env?: string;
  /** The command-line flag, e.g. "--block-time-ms". Default: the field name in kebab case. */
  readonly flag?: string;
  readonly default?: ConfigValueTypes[K];
  /** Missing and no default is an error. (Otherwise the value is `undefined`.) */
  readonly required?: boolean;
  /** Never echo the value (in errors, help or configForLog). Always true for privateKey. */
  readonly secret?: boolean;
};

type RangeField<K extends "int" | "bigint" | "duration"> = FieldBase<K> & {
  readonly min?: ConfigValueTypes[K];
  readonly max?: ConfigValueTypes[K];
};

/** One configuration field. A `default` must have the field's type (checked by TypeScript). */
export type ConfigField =
  | (FieldBase<"string"> & { readonly choices?: readonly string[] })
  | (FieldBase<"url"> & { readonly protocols?: readonly string[] })
  | RangeField<"int">
  | RangeField<"bigint">
  | RangeField<"duration">
  | FieldBase<"address">
  | FieldBase<"privateKey">
  | FieldBase<"boolean">;

/** Fields by name; declare with `as const satisfies ConfigSchema` so ConfigOf can see defaults and choices. */
export type ConfigSchema = { readonly [name: string]: ConfigField };

type FieldValue<F extends ConfigField> = F extends { readonly choices: readonly (infer C)[] }
  ? C
  : ConfigValueTypes[F["type"]];

/** The loaded configuration: a field with a default or `required: true` is always set. */
export type ConfigOf<S extends ConfigSchema> = {
  readonly [K in keyof S]: S[K] extends { readonly default: unknown } | { readonly required: true }
    ? FieldValue<S[K]>
    : FieldValue<S[K]> | undefined;
};

/** The field's flag: its `flag`, or "--" and its name in kebab case (blockTimeMs -> --block-time-ms). */
export function flagOf(name: string, field: ConfigField): string {
  return field.flag ?? `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

export function isSecret(field: ConfigField): boolean {
  return field.type === "privateKey" || field.secret === true;
}
