/**
 * One tool-call decision, in the shape of Toolgate's audit ingest (docs/resource-server-api.md):
 * who (subject, actor chain, client), what (tool, resource), the decision and why, how long. A
 * refused request that calls no tool is reported in the same shape, with tool `(none)`.
 */
export interface ToolCallEvent {
  time: string;
  type: "tool.call";
  decision: "allow" | "deny";
  tool: string;
  resource: string;
  subject?: string;
  actor_chain: string[];
  client_id?: string;
  scopes: string[];
  /** For a deny, the error `code` (e.g. `insufficient_scope`) and detail. */
  reason?: string;
  duration_ms?: number;
  request_id?: string;
  token_id?: string;
}

/** Where decisions go. `emit` must not throw or block: the request path calls it. */
export interface AuditSink {
  emit(event: ToolCallEvent): void;
  /** Sends what is queued; resolves when done or given up. */
  flush?(): Promise<void>;
  close?(): Promise<void>;
}

/** Tool name of an event about a request whose tool could not be read (body too large or not JSON). */
export const UNKNOWN_TOOL = "(unknown)";

/**
 * Tool name of an event about a refused request that calls no tool (`initialize`, `tools/list`, a
 * GET): its JSON-RPC method is in `reason`, since the ingest has no field for it. Parentheses keep
 * both names apart from real tools (MCP tool names are letters, digits, `_`, `-`, `.`, `/`).
 */
export const NO_TOOL = "(none)";

// NUL, or a surrogate without its pair: text PostgreSQL cannot store (the ingest answers 400).
// eslint-disable-next-line no-control-regex -- NUL is exactly what is looked for
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** At most n UTF-16 units (never half a pair), storable: a hostile value is recorded as U+FFFD, not refused. */
const cut = (s: string | undefined, n: number) => {
  if (s === undefined) return undefined;
  let t = s.length > n ? s.slice(0, n) : s;
  if (t.length < s.length && /[\uD800-\uDBFF]$/.test(t)) t = t.slice(0, -1);
  return t.replace(UNSTORABLE, "\uFFFD");
};

/**
 * Bounds every field to what the ingest accepts, so one odd request (a 10 kB tool name, a NUL
 * byte, sent by an attacker) cannot make a whole batch rejected.
 */
export function boundEvent(e: ToolCallEvent): ToolCallEvent {
  const event: ToolCallEvent = {
    time: e.time,
    type: "tool.call",
    decision: e.decision,
    tool: cut(e.tool, 128) || UNKNOWN_TOOL,
    resource: e.resource,
    actor_chain: e.actor_chain.slice(0, 10).map((a) => cut(a, 2048)!),
    scopes: e.scopes.slice(0, 100).map((s) => cut(s, 100)!),
  };
  if (e.subject !== undefined) event.subject = cut(e.subject, 2048)!;
  if (e.client_id !== undefined) event.client_id = cut(e.client_id, 2048)!;
  if (e.reason !== undefined) event.reason = cut(e.reason, 1000)!;
  if (e.duration_ms !== undefined) event.duration_ms = Math.min(Math.max(0, Math.round(e.duration_ms * 1000) / 1000), 86_400_000);
  if (e.request_id !== undefined) event.request_id = cut(e.request_id, 200)!;
  if (e.token_id !== undefined) event.token_id = cut(e.token_id, 200)!;
  return event;
}
