/**
 * The hostile inputs the security suite sends, by where they go. URL values are already
 * percent-encoded (so invalid UTF-8 and raw `%` can be expressed); JSON values are any JSON.
 */

/** Strings for query parameters, path segments and form fields, percent-encoded as sent. */
export const URL_VALUES: Record<string, string> = {
  nul: "a%00b",
  "nul alone": "%00",
  "invalid utf-8": "%FF%FE",
  "utf-8 surrogate": "%ED%A0%80",
  "overlong utf-8": "%C0%AF",
  "bad escape": "%",
  "bad escape pair": "%zz",
  "sql quote": "%27%20OR%201%3D1--",
  "sql drop": "%27%3B%20DROP%20TABLE%20client%3B--",
  "like wildcards": "%25_%5C",
  bidi: "%E2%80%AEevil",
  "zero width": "a%E2%80%8Bb",
  negative: "-1",
  zero: "0",
  huge: "99999999999999999999",
  "int32 overflow": "2147483648",
  exponent: "1e309",
  nan: "NaN",
  fraction: "1.5",
  hex: "0x10",
  "far future date": "275760-09-14T00:00:00Z",
  "extended year": "%2B275760-09-13T00%3A00%3A00.000Z",
  "year 10000": "10000-01-01T00%3A00%3A00Z",
  "ancient date": "-271821-04-20T00%3A00%3A00Z",
  "invalid date": "2026-02-30T25%3A61%3A00Z",
  "long string": "a".repeat(6000),
  "bracket array": "%5B%5D",
  "json object": "%7B%22a%22%3A1%7D",
  proto: "__proto__",
  uuid: "00000000-0000-7000-8000-000000000000",
  "path traversal": "..%2F..%2Fetc%2Fpasswd",
  "cursor garbage": "eyJpZCI6IicgT1IgMT0xLS0ifQ",
};

/** The few that matter for parameters a route does not declare (stray query keys, other methods' paths). */
export const GENERIC_URL_VALUES: Record<string, string> = Object.fromEntries(
  ["nul", "invalid utf-8", "utf-8 surrogate", "bad escape", "like wildcards", "sql quote", "long string", "proto"].map((k) => [k, URL_VALUES[k]!]),
);

/** For oidc-provider's and the pages' parameters, which are all strings to it. */
export const STRING_URL_VALUES: Record<string, string> = Object.fromEntries(
  ["nul", "invalid utf-8", "utf-8 surrogate", "bad escape", "sql quote", "like wildcards", "bidi", "long string", "negative", "huge", "exponent",
    "far future date", "bracket array", "json object", "proto", "path traversal"].map((k) => [k, URL_VALUES[k]!]),
);

/** Values also tried as the single element of a field that takes an array. */
export const ARRAY_ELEMENT_VALUES = ["nul", "lone high surrogate", "sql quote", "long string", "empty object", "deep nesting"];

/** A request line too long for Node's 16 KiB header limit (431) — sent once per route, not per parameter. */
export const OVERSIZED_URL_VALUE = "a".repeat(70_000);

const deep = (levels: number) => JSON.parse(`${"[".repeat(levels)}${"]".repeat(levels)}`) as unknown;
const protoKey = JSON.parse('{"__proto__": {"polluted": true}}') as unknown;
const constructorKey = JSON.parse('{"constructor": {"prototype": {"polluted": true}}}') as unknown;

/** Values for a JSON body field: the strings above decoded, and every wrong type. */
export const JSON_VALUES: Record<string, unknown> = {
  nul: "a\u0000b",
  "lone high surrogate": "a\ud800b",
  "sql quote": "' OR 1=1--",
  "like wildcards": "%_\\",
  bidi: "\u202eevil",
  "zero width": "a\u200bb",
  "long string": "a".repeat(20_000),
  null: null,
  negative: -1,
  "int32 overflow": 2_147_483_648,
  "unsafe integer": 9_007_199_254_740_993,
  fraction: 1.5,
  "empty object": {},
  "nul in array": ["a\u0000"],
  "nested nul": { a: { b: ["\u0000"] } },
  "deep nesting": deep(1_000),
  "__proto__ key": protoKey,
  "constructor.prototype": constructorKey,
  "far future date": "275760-09-14T00:00:00.000Z",
  "extended year": "+275760-09-13T00:00:00.000Z",
  "year 10000": "10000-01-01T00:00:00Z",
  uuid: "00000000-0000-7000-8000-000000000000",
};

/** Whole bodies that are hostile as a whole, sent raw. */
export const RAW_JSON_BODIES: Record<string, string | Uint8Array> = {
  "deep nesting": `${'{"a":'.repeat(20_000)}1${"}".repeat(20_000)}`,
  "megabyte string": JSON.stringify({ name: "a".repeat(1_100_000) }),
  "__proto__ at the top": '{"__proto__": {"admin": true}}',
  "lone surrogate key": '{"\\ud800": 1}',
  "nul key": '{"\\u0000": 1}',
  "invalid utf-8": Buffer.concat([Buffer.from('{"name": "'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]),
  array: "[]",
  number: "1e999",
  "not json": "{'a':",
};

/** Tally of one run, printed at its end. */
export class Tally {
  tried = 0;
  serverErrors: string[] = [];
  /** 5xx answers that are true statements about the environment (see ALLOWED_5XX), not failures. */
  excused = 0;

  record(label: string, status: number, excused = false): void {
    this.tried++;
    if (excused) this.excused++;
    else if (status >= 500 || status === 0) this.serverErrors.push(`${status} ${label}`);
  }

  print(suite: string): void {
    const note = this.excused ? ` (and ${this.excused} excused: environment, not input)` : "";
    process.stdout.write(`\n[security] ${suite}: ${this.tried} hostile cases tried, ${this.serverErrors.length} answered 5xx${note}\n`);
  }
}
