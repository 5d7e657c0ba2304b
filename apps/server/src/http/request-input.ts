/**
 * The one check every request's strings pass before anything reaches the database: query, path
 * parameters, headers and parsed bodies, of Toolgate's own routes (a Fastify hook) and of
 * oidc-provider's (oidc-routes.ts reads the body first). What it refuses cannot be stored or is
 * an attack on the code rather than data:
 *
 * - NUL (U+0000): PostgreSQL text and jsonb cannot hold it (`invalid byte sequence`, `unsupported
 *   Unicode escape sequence`);
 * - lone UTF-16 surrogates (from JSON `"\ud800"`): not Unicode scalar values, refused by jsonb and
 *   silently mangled into U+FFFD in text columns;
 * - invalid UTF-8 in a body (decoded strictly, never replaced);
 * - `__proto__` keys and `constructor.prototype` (prototype poisoning of merged objects);
 * - nesting deeper than MAX_DEPTH (schema validators and serializers recurse).
 *
 * Sizes are bounded elsewhere: request lines and headers by Node (16 KiB, answered 431), bodies by
 * Fastify's bodyLimit (413) and oidc-provider's own limit.
 */
import type { FastifyInstance } from "fastify";
import { ProductError } from "../errors/product-error.js";

export const MAX_DEPTH = 32;

export interface InputProblem {
  /** Where, as a dotted path: `query.q`, `body.redirect_uris.0`, `params.id`, `headers.user-agent`. */
  path: string;
  reason: string;
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function stringProblem(value: string): string | undefined {
  if (value.includes("\u0000")) return "must not contain NUL characters";
  if (LONE_SURROGATE.test(value)) return "must be valid Unicode (lone surrogate)";
  return undefined;
}

/** The first problem in a parsed value (object, array, string…), walked without recursion. */
export function findInputProblem(value: unknown, root: string): InputProblem | undefined {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: root, depth: 0 }];
  while (stack.length) {
    const { value: v, path, depth } = stack.pop()!;
    if (typeof v === "string") {
      const reason = stringProblem(v);
      if (reason) return { path, reason };
      continue;
    }
    if (v === null || typeof v !== "object") continue;
    if (depth >= MAX_DEPTH) return { path, reason: `is nested deeper than ${MAX_DEPTH} levels` };
    const entries: Array<[string, unknown]> = Array.isArray(v) ? v.map((item, i) => [String(i), item]) : Object.entries(v);
    for (const [key, item] of entries) {
      const at = `${path}.${key}`;
      if (key === "__proto__") return { path: at, reason: "is not an allowed key" };
      if (key === "constructor" && item !== null && typeof item === "object" && "prototype" in item) return { path: at, reason: "is not an allowed key" };
      const keyReason = stringProblem(key);
      if (keyReason) return { path: at, reason: `key ${keyReason}` };
      stack.push({ value: item, path: at, depth: depth + 1 });
    }
  }
  return undefined;
}

/**
 * HTTP Basic credentials as the endpoints read them (RFC 6749 §2.3.1: form-urlencoded, then
 * base64): a `%00` inside reaches the client lookup decoded. Undefined when not Basic.
 */
export function basicCredentials(authorization: unknown): string[] | undefined {
  const match = typeof authorization === "string" ? /^Basic\s+(\S+)\s*$/i.exec(authorization) : null;
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  return decoded.split(":").map((part) => {
    try {
      return decodeURIComponent(part.replace(/\+/g, " "));
    } catch {
      return part;
    }
  });
}

/** Problems of a request's parts (each part walked by findInputProblem, named by its key). */
export function findRequestProblem(parts: { path?: string; query?: unknown; params?: unknown; headers?: Record<string, unknown>; cookies?: unknown; body?: unknown }): InputProblem | undefined {
  const credentials = basicCredentials(parts.headers?.authorization);
  if (credentials) parts = { ...parts, credentials } as typeof parts;
  for (const [name, value] of Object.entries(parts)) {
    const problem = findInputProblem(value, name);
    if (problem) return problem;
  }
  return undefined;
}

/** A URL's raw query string, decoded the way Node's querystring does, as an object. */
export function queryOf(url: string | undefined): Record<string, string[]> {
  const at = url?.indexOf("?") ?? -1;
  if (!url || at < 0) return {};
  const out: Record<string, string[]> = Object.create(null);
  for (const [k, v] of new URLSearchParams(url.slice(at + 1))) (out[k] ??= []).push(v);
  return out;
}

/**
 * The path's percent-escapes decoded strictly, for the oidc-provider routes' path segments
 * (`/reg/:clientId`, `/interaction/:uid`): undefined when they are not valid UTF-8.
 */
export function decodedPath(url: string | undefined): string | undefined {
  const path = (url ?? "").split("?")[0]!;
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** A body's bytes as text, or undefined when they are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

export function describeProblem(problem: InputProblem): string {
  return `${problem.path}: ${problem.reason}`;
}

/** Field path as the admin API names fields (validation-fields.ts): body fields bare, others prefixed. */
function fieldPath(path: string): string {
  if (path === "body") return "";
  if (path.startsWith("body.")) return path.slice(5);
  return path.replace(/^query\b/, "querystring");
}

export function inputRefusal(problem: InputProblem): ProductError {
  const path = fieldPath(problem.path);
  return new ProductError(400, "validation.failed", `${path || "body"}: ${problem.reason}`, { fields: [{ path, message: problem.reason }] });
}

/**
 * Installs the check on every Fastify route (registered after this call) and a JSON body parser
 * that refuses invalid UTF-8 instead of replacing it; oidc-provider's routes are checked in
 * oidc-routes.ts, as Fastify never parses them.
 */
export function installRequestInputCheck(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "buffer" }, (request, body, done) => {
    const text = decodeUtf8(body as Buffer);
    if (text === undefined) return done(inputRefusal({ path: "body", reason: "is not valid UTF-8" }), undefined);
    parseJson(request, text, done);
  });
  // Path, query and headers first thing (authentication hooks read credentials at onRequest);
  // cookies and bodies once parsed.
  app.addHook("onRequest", async (request) => {
    const problem = findRequestProblem({ params: request.params, query: request.query, headers: request.headers });
    if (problem) throw inputRefusal(problem);
  });
  app.addHook("preValidation", async (request) => {
    const cookies = (request as { cookies?: unknown }).cookies;
    const problem = findRequestProblem({ cookies, body: request.body });
    if (problem) throw inputRefusal(problem);
  });
}
