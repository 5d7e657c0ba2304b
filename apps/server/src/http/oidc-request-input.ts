import type { IncomingMessage } from "node:http";
import * as querystring from "node:querystring";
import { decodeUtf8, decodedPath, findInputProblem, findRequestProblem, queryOf, type InputProblem } from "./request-input.js";

/** oidc-provider's own body limit (lib/shared/selective_body.js). */
const BODY_LIMIT = 56 * 1024;

/**
 * request-input.ts's check for the requests Fastify hands to oidc-provider raw: the path, the
 * query, the headers and — for the form and JSON bodies oidc-provider parses — the body, read
 * here first and then replayed to oidc-provider unchanged. Resolves to the problem, if any.
 */
export async function screenOidcRequest(raw: IncomingMessage): Promise<InputProblem | undefined> {
  const path = decodedPath(raw.url);
  if (path === undefined) return { path: "path", reason: "is not valid percent-encoded UTF-8" };
  const early = findRequestProblem({ path, query: queryOf(raw.url), headers: raw.headers });
  if (early) return early;

  const length = raw.headers["content-length"] === undefined ? undefined : Number(raw.headers["content-length"]);
  if (length !== undefined && !(length <= BODY_LIMIT)) return { path: "body", reason: `is larger than ${BODY_LIMIT} bytes` };

  const type = (raw.headers["content-type"] ?? "").toLowerCase();
  const isForm = type.startsWith("application/x-www-form-urlencoded");
  const isJson = type.startsWith("application/json");
  if (!isForm && !isJson) return undefined;
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/.exec(type)?.[1];
  if (charset && charset !== "utf-8" && charset !== "utf8") return { path: "headers.content-type", reason: "bodies must be UTF-8" };

  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of raw.iterator({ destroyOnReturn: false })) {
    received += (chunk as Buffer).length;
    if (received > BODY_LIMIT) return { path: "body", reason: "is too large" };
    chunks.push(chunk as Buffer);
  }
  const bytes = Buffer.concat(chunks, received);
  replayBody(raw, bytes);
  const text = decodeUtf8(bytes);
  if (text === undefined) return { path: "body", reason: "is not valid UTF-8" };
  if (isForm) return findInputProblem(querystring.parse(text), "body");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined; // oidc-provider answers malformed JSON itself
  }
  return findInputProblem(parsed, "body");
}

/**
 * Makes the consumed request readable once more, with the same bytes, for whoever reads it next
 * (oidc-provider's body reader takes `req.readable` and `req.iterator()`, registration-update-secret.ts
 * iterates the request); oidc-provider's fallback for pre-parsed bodies would print a warning.
 */
function replayBody(raw: IncomingMessage, bytes: Buffer): void {
  let replayed = false;
  async function* replay() {
    replayed = true;
    if (bytes.length) yield bytes;
  }
  Object.defineProperty(raw, "readable", { configurable: true, get: () => !replayed });
  Object.defineProperty(raw, "iterator", { configurable: true, value: replay });
  Object.defineProperty(raw, Symbol.asyncIterator, { configurable: true, value: replay });
}
