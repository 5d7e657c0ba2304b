/**
 * A small JSON Schema (2020-12 / draft-07) validator for tool arguments (`inputSchema`), so the
 * SDK keeps `jose` as its only dependency. It covers what tool schemas use; a schema with a
 * keyword outside that set is refused when compiled (`TypeError`), because silently skipping a
 * constraint would let arguments through that the schema's author meant to stop.
 */
export type Validate = (value: unknown) => string[];

type Schema = Record<string, unknown> | boolean;

const ANNOTATIONS = new Set([
  "$schema", "$id", "$comment", "$defs", "definitions", "title", "description", "default", "examples",
  "format", "readOnly", "writeOnly", "deprecated", "contentMediaType", "contentEncoding",
]);
const MAX_ERRORS = 5;

export function compileSchema(schema: unknown): Validate {
  const check = compile(schema as Schema, "");
  return (value) => {
    const errors: string[] = [];
    check(value, "", errors);
    return errors;
  };
}

type Check = (value: unknown, path: string, errors: string[]) => void;

function compile(schema: Schema, where: string): Check {
  if (schema === true) return () => {};
  if (schema === false) return (_v, path, errors) => void errors.push(`${path || "/"}: no value is allowed here`);
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) throw new TypeError(`${where || "/"}: a schema must be an object or a boolean`);
  const checks: Check[] = [];
  for (const [keyword, arg] of Object.entries(schema)) {
    if (ANNOTATIONS.has(keyword)) continue;
    const make = KEYWORDS[keyword];
    if (!make) throw new TypeError(`${where || "/"}: JSON Schema keyword "${keyword}" is not supported`);
    checks.push(make(arg, schema, `${where}/${keyword}`));
  }
  return (value, path, errors) => {
    for (const c of checks) {
      if (errors.length >= MAX_ERRORS) return;
      c(value, path, errors);
    }
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const typeOf = (v: unknown): string => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);
const fail = (errors: string[], path: string, message: string) => void errors.push(`${path || "/"}: ${message}`);
const number = (arg: unknown, where: string): number => {
  if (typeof arg !== "number") throw new TypeError(`${where}: must be a number`);
  return arg;
};

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => equal((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function matchesType(value: unknown, type: string): boolean {
  switch (type) {
    case "integer":
      return Number.isInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    default:
      return typeOf(value) === type;
  }
}

const KEYWORDS: Record<string, (arg: unknown, schema: Record<string, unknown>, where: string) => Check> = {
  type(arg, _s, where) {
    const types = Array.isArray(arg) ? arg : [arg];
    if (!types.every((t) => typeof t === "string")) throw new TypeError(`${where}: must be a string or strings`);
    return (v, path, errors) => {
      if (!types.some((t) => matchesType(v, t as string))) fail(errors, path, `must be ${types.join(" or ")}`);
    };
  },
  enum(arg, _s, where) {
    if (!Array.isArray(arg)) throw new TypeError(`${where}: must be an array`);
    return (v, path, errors) => {
      if (!arg.some((e) => equal(e, v))) fail(errors, path, "must be one of the allowed values");
    };
  },
  const(arg) {
    return (v, path, errors) => {
      if (!equal(arg, v)) fail(errors, path, "must be the constant value");
    };
  },
  properties(arg, _s, where) {
    if (!isObject(arg)) throw new TypeError(`${where}: must be an object`);
    const props = Object.entries(arg).map(([name, s]) => [name, compile(s as Schema, `${where}/${name}`)] as const);
    return (v, path, errors) => {
      if (!isObject(v)) return;
      for (const [name, check] of props) if (Object.hasOwn(v, name)) check(v[name], `${path}/${name}`, errors);
    };
  },
  required(arg, _s, where) {
    if (!Array.isArray(arg) || !arg.every((r) => typeof r === "string")) throw new TypeError(`${where}: must be an array of strings`);
    return (v, path, errors) => {
      if (!isObject(v)) return;
      for (const name of arg as string[]) if (!Object.hasOwn(v, name)) fail(errors, path, `must have property "${name}"`);
    };
  },
  additionalProperties(arg, schema, where) {
    const known = new Set(isObject(schema.properties) ? Object.keys(schema.properties) : []);
    const check = compile(arg as Schema, where);
    return (v, path, errors) => {
      if (!isObject(v)) return;
      for (const name of Object.keys(v)) {
        if (known.has(name)) continue;
        if (arg === false) fail(errors, path, `must not have property "${name.slice(0, 64)}"`);
        else check(v[name], `${path}/${name}`, errors);
      }
    };
  },
  minProperties: (arg, _s, w) => { const n = number(arg, w); return (v, p, e) => { if (isObject(v) && Object.keys(v).length < n) fail(e, p, `must have at least ${n} properties`); }; },
  maxProperties: (arg, _s, w) => { const n = number(arg, w); return (v, p, e) => { if (isObject(v) && Object.keys(v).length > n) fail(e, p, `must have at most ${n} properties`); }; },
  items(arg, _s, where) {
    const check = compile(arg as Schema, where);
    return (v, path, errors) => {
      if (Array.isArray(v)) v.forEach((item, i) => check(item, `${path}/${i}`, errors));
    };
  },
  minItems: (arg, _s, w) => { const n = number(arg, w); return (v, p, e) => { if (Array.isArray(v) && v.length < n) fail(e, p, `must have at least ${n} items`); }; },
  maxItems: (arg, _s, w) => { const n = number(arg, w); return (v, p, e) => { if (Array.isArray(v) && v.length > n) fail(e, p, `must have at most ${n} items`); }; },
  uniqueItems(arg) {
    return (v, path, errors) => {
      if (arg === true && Array.isArray(v) && v.some((a, i) => v.slice(i + 1).some((b) => equal(a, b)))) fail(errors, path, "must not have duplicate items");
    };
  },
  // JSON Schema counts characters (code points), not UTF-16 units.
  minLength: (arg, _s, w) => { const n = number(arg, w); return (v, p, e) => { if (typeof v === "string" && [...v].length < n) fail(e, p, `must be at least ${n} characters`); }; },
  maxLength: (arg, _s, w) => { const n = number(arg, w); return (v, p, e) => { if (typeof v === "string" && (v.length > 2 * n || [...v].length > n)) fail(e, p, `must be at most ${n} characters`); }; },
  pattern(arg, _s, where) {
    if (typeof arg !== "string") throw new TypeError(`${where}: must be a string`);
    const re = new RegExp(arg, "u");
    return (v, path, errors) => {
      if (typeof v === "string" && !re.test(v)) fail(errors, path, "must match the pattern");
    };
  },
  minimum: (arg, _s, w) => { const n = number(arg, w); return (v, p, e) => { if (typeof v === "number" && v < n) fail(e, p, `must be ≥ ${n}`); }; },
  maximum: (arg, _s, w) => { const n = number(arg, w); return (v, p, e) => { if (typeof v === "number" && v > n) fail(e, p, `must be ≤ ${n}`); }; },
  exclusiveMinimum: (arg, _s, w) => { const n = number(arg, w); return (v, p, e) => { if (typeof v === "number" && v <= n) fail(e, p, `must be > ${n}`); }; },
  exclusiveMaximum: (arg, _s, w) => { const n = number(arg, w); return (v, p, e) => { if (typeof v === "number" && v >= n) fail(e, p, `must be < ${n}`); }; },
  multipleOf: (arg, _s, w) => { const n = number(arg, w); return (v, p, e) => { if (typeof v === "number" && !Number.isInteger(v / n)) fail(e, p, `must be a multiple of ${n}`); }; },
  allOf(arg, _s, where) {
    const checks = subschemas(arg, where);
    return (v, path, errors) => checks.forEach((c) => c(v, path, errors));
  },
  anyOf(arg, _s, where) {
    const checks = subschemas(arg, where);
    return (v, path, errors) => {
      if (!checks.some((c) => passes(c, v, path))) fail(errors, path, "must match one of the allowed schemas");
    };
  },
  oneOf(arg, _s, where) {
    const checks = subschemas(arg, where);
    return (v, path, errors) => {
      if (checks.filter((c) => passes(c, v, path)).length !== 1) fail(errors, path, "must match exactly one of the allowed schemas");
    };
  },
  not(arg, _s, where) {
    const check = compile(arg as Schema, where);
    return (v, path, errors) => {
      if (passes(check, v, path)) fail(errors, path, "must not match the excluded schema");
    };
  },
};

function subschemas(arg: unknown, where: string): Check[] {
  if (!Array.isArray(arg) || arg.length === 0) throw new TypeError(`${where}: must be a non-empty array of schemas`);
  return arg.map((s, i) => compile(s as Schema, `${where}/${i}`));
}

function passes(check: Check, value: unknown, path: string): boolean {
  const errors: string[] = [];
  check(value, path, errors);
  return errors.length === 0;
}
