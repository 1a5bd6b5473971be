import pg from "pg";

// How column values come back, identically for PostgreSQL and PGlite (both are read by `pg` over the
// wire protocol, and both use these parsers):
//   int8 (bigint, count(*), sum of int4)  -> bigint   (pg's default is a string; PGlite's own API a number)
//   numeric                               -> string   (exact decimal text: amounts as numeric(78,0) come
//                                                      back as "1157…"; convert with BigInt(value))
//   bytea                                 -> Uint8Array (a plain one, not a Buffer)
//   int8[], numeric[], bytea[]            -> arrays of the above (pg's default numeric[] loses precision)
//   everything else                       -> pg's defaults (int2/int4 number, bool, json, Date, text)
// numeric is a string rather than a bigint because a numeric column may hold fractions; a string is
// exact for every value and the caller knows which columns are integral.
// The parsers are per pool (pg's `types` option), never installed globally on pg.types.

const OID = {
  int8: 20,
  bytea: 17,
  numeric: 1700,
  int8Array: 1016,
  byteaArray: 1001,
  numericArray: 1231,
  textArray: 1009,
} as const;

type TextParser = (value: string) => unknown;
type Nested<T> = T | null | Nested<T>[];

function mapNested<A, B>(value: Nested<A>, f: (a: A) => B): Nested<B> {
  if (value === null) return null;
  if (Array.isArray(value)) return value.map((v) => mapNested(v, f));
  return f(value);
}

function toUint8Array(buffer: Buffer): Uint8Array {
  const out = new Uint8Array(buffer.length);
  out.set(buffer);
  return out;
}

const defaultText = (oid: number): TextParser => pg.types.getTypeParser(oid, "text") as TextParser;
const parseTextArray = defaultText(OID.textArray) as (value: string) => Nested<string>;
const parseByteaArray = defaultText(OID.byteaArray) as (value: string) => Nested<Buffer>;
const parseBytea = defaultText(OID.bytea) as (value: string) => Buffer;

const TEXT_PARSERS: ReadonlyMap<number, TextParser> = new Map<number, TextParser>([
  [OID.int8, (v) => BigInt(v)],
  [OID.numeric, (v) => v],
  [OID.bytea, (v) => toUint8Array(parseBytea(v))],
  [OID.int8Array, (v) => mapNested(parseTextArray(v), (s) => BigInt(s))],
  [OID.numericArray, (v) => parseTextArray(v)],
  [OID.byteaArray, (v) => mapNested(parseByteaArray(v), toUint8Array)],
]);

/** The `types` option for a `pg` Pool or Client: Halcyon's parsers over pg's defaults. */
export function createTypeParsers(): pg.CustomTypesConfig {
  return {
    getTypeParser: ((oid: number, format?: "text" | "binary") => {
      if (format !== "binary") {
        const parser = TEXT_PARSERS.get(oid);
        if (parser !== undefined) return parser;
      }
      return pg.types.getTypeParser(oid, format ?? "text");
    }) as pg.CustomTypesConfig["getTypeParser"],
  };
}
