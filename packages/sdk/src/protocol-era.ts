import { ToolgateError } from "./errors.js";
import type { RpcBody, RpcMessage } from "./json-rpc.js";

/**
 * MCP protocol revisions the guard knows every tool-listing and tool-invoking path of, by era
 * (2026-07-28 basic/versioning §Terminology). "Modern" requests carry their revision in
 * `params._meta`; "legacy" ones rely on an `initialize` handshake. A modern request naming a
 * revision not listed here is refused (fail closed: the guard cannot know how it invokes tools).
 */
export const MODERN_PROTOCOL_VERSIONS: readonly string[] = ["2026-07-28"];
export const LEGACY_PROTOCOL_VERSIONS: readonly string[] = ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"];
export const SUPPORTED_PROTOCOL_VERSIONS: readonly string[] = [...MODERN_PROTOCOL_VERSIONS, ...LEGACY_PROTOCOL_VERSIONS];

/** `_meta` key of the per-request protocol version (2026-07-28 basic §_meta). */
export const PROTOCOL_VERSION_META = "io.modelcontextprotocol/protocolVersion";

/** The Streamable HTTP request metadata headers (2026-07-28 transports §Request Metadata), as received. */
export interface McpRequestHeaders {
  protocolVersion?: string | undefined;
  method?: string | undefined;
  name?: string | undefined;
  sessionId?: string | undefined;
}

export type ProtocolEra = { era: "modern"; version: string } | { era: "legacy" };

/** Which body field `Mcp-Name` mirrors, per method (2026-07-28 transports §Standard Request Headers; tasks extension). */
const NAME_SOURCE: Readonly<Record<string, string>> = {
  "tools/call": "name",
  "prompts/get": "name",
  "resources/read": "uri",
  "tasks/get": "taskId",
  "tasks/update": "taskId",
  "tasks/cancel": "taskId",
};

function envelopeVersion(message: RpcMessage): unknown {
  const params = message.params;
  if (typeof params !== "object" || params === null) return undefined;
  const meta = (params as { _meta?: unknown })._meta;
  if (typeof meta !== "object" || meta === null) return undefined;
  return (meta as Record<string, unknown>)[PROTOCOL_VERSION_META];
}

/** The era of a request body: modern when its message carries the per-request envelope claim. */
export function protocolEra(rpc: RpcBody | undefined): ProtocolEra {
  const claim = rpc && !rpc.batch ? envelopeVersion(rpc.messages[0]!) : undefined;
  return typeof claim === "string" ? { era: "modern", version: claim } : { era: "legacy" };
}

/**
 * Refuses requests whose protocol metadata cannot be trusted or enforced, before any tool check:
 *
 * - a modern envelope in a batch (2026-07-28: one message per POST) or not a string → `request_malformed`
 * - a modern revision the guard does not know → `protocol_version_unsupported` (-32022, with `supported`/`requested`)
 * - `MCP-Protocol-Version` that disagrees with the envelope, or names a modern revision on a
 *   request without one (a 2026-07-28 client talking to a 2025-era session, or the reverse) → `header_mismatch` (-32020)
 * - on modern requests, a missing `Mcp-Method`, or `Mcp-Name` missing for the methods that mirror it
 * - in any era, `Mcp-Method` / `Mcp-Name` that disagree with the body: the guard decides on the
 *   body, so a server or proxy routing on the headers must not be told another story.
 */
export function checkProtocol(rpc: RpcBody, headers: McpRequestHeaders): ToolgateError | undefined {
  const claims = rpc.messages.map(envelopeVersion);
  if (rpc.batch && claims.some((c) => c !== undefined)) {
    return new ToolgateError("request_malformed", "2026-07-28 requests are single JSON-RPC messages, never batches");
  }
  const claim = claims[0];
  const header = headers.protocolVersion;
  if (claim !== undefined) {
    if (typeof claim !== "string") return new ToolgateError("request_malformed", `_meta["${PROTOCOL_VERSION_META}"] must be a string`);
    if (!MODERN_PROTOCOL_VERSIONS.includes(claim)) {
      return new ToolgateError("protocol_version_unsupported", "Unsupported protocol version", {
        data: { supported: [...SUPPORTED_PROTOCOL_VERSIONS], requested: claim },
      });
    }
    if (header !== claim) {
      return mismatch(header === undefined ? "the MCP-Protocol-Version header is missing" : `MCP-Protocol-Version header value '${header}' does not match body value '${claim}'`);
    }
  } else if (header !== undefined && MODERN_PROTOCOL_VERSIONS.includes(header)) {
    return mismatch(`MCP-Protocol-Version ${header} requires _meta["${PROTOCOL_VERSION_META}"] in the body; this request has none (a 2025-era request)`);
  }
  return checkMirroredHeaders(rpc, headers, claim !== undefined);
}

function checkMirroredHeaders(rpc: RpcBody, headers: McpRequestHeaders, modern: boolean): ToolgateError | undefined {
  if (rpc.batch) {
    if (headers.method !== undefined || headers.name !== undefined) return mismatch("Mcp-Method and Mcp-Name cannot describe a batch");
    return undefined;
  }
  const message = rpc.messages[0]!;
  const isRequest = message.id !== undefined && typeof message.method === "string";
  if (headers.method === undefined) {
    if (modern && isRequest) return mismatch("the Mcp-Method header is missing");
  } else if (headers.method !== message.method) {
    return mismatch(`Mcp-Method header value '${headers.method}' does not match body value '${String(message.method)}'`);
  }
  const field = typeof message.method === "string" ? NAME_SOURCE[message.method] : undefined;
  const params = typeof message.params === "object" && message.params !== null ? (message.params as Record<string, unknown>) : {};
  const value = field ? params[field] : undefined;
  if (headers.name === undefined) {
    if (modern && isRequest && typeof value === "string") return mismatch("the Mcp-Name header is missing");
    return undefined;
  }
  const decoded = decodeHeaderValue(headers.name);
  if (decoded === undefined) return mismatch("the Mcp-Name header is not a valid value");
  if (decoded !== value) return mismatch(`Mcp-Name header value '${printable(decoded)}' does not match body value '${printable(String(value ?? ""))}'`);
  return undefined;
}

/**
 * A header value per 2026-07-28 transports §Value Encoding: as is, or `=?base64?…?=` decoded
 * from UTF-8. Undefined when the sentinel form does not decode.
 */
export function decodeHeaderValue(value: string): string | undefined {
  const match = /^=\?base64\?([A-Za-z0-9+/]*={0,2})\?=$/.exec(value);
  if (!match) return value.startsWith("=?base64?") && value.endsWith("?=") ? undefined : value;
  const bytes = Buffer.from(match[1]!, "base64");
  if (bytes.toString("base64").replace(/=+$/, "") !== match[1]!.replace(/=+$/, "")) return undefined;
  const text = new TextDecoder("utf-8", { fatal: true });
  try {
    return text.decode(bytes);
  } catch {
    return undefined;
  }
}

function mismatch(message: string): ToolgateError {
  return new ToolgateError("header_mismatch", `Header mismatch: ${message}`);
}

/** For messages: caller-supplied text, bounded and printable. */
function printable(value: string): string {
  const clean = value.replace(/[^\x20-\x7e]/g, "?");
  return clean.length > 100 ? `${clean.slice(0, 100)}…` : clean;
}
