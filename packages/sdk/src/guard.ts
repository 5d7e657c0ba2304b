import type { ToolgateAuthInfo } from "./auth-info.js";
import { NO_TOOL, UNKNOWN_TOOL, type AuditSink } from "./audit-event.js";
import { extractBearerToken } from "./bearer-token.js";
import { ToolgateError } from "./errors.js";
import { rpcMessages, toolCallOf, type RpcBody, type RpcMessage, type ToolCall } from "./json-rpc.js";
import { batchAnswer, refusalAnswer, type HttpAnswer } from "./refusal-response.js";
import { checkProtocol, type McpRequestHeaders } from "./protocol-era.js";
import { checkToolCall, type ToolCallPolicy } from "./tool-call-policy.js";
import type { TokenVerifier } from "./verifier.js";

/** A request to the MCP endpoint, as adapters hand it over (framework-free). */
export interface GuardRequest {
  /** Path and query, to refuse tokens in the query string. */
  url: string;
  /** Every Authorization header the request carried (Node: `req.headersDistinct.authorization`). */
  authorization: readonly string[] | undefined;
  body: RequestBody;
  /** `x-request-id`, if any, for the audit trail. */
  requestId?: string;
  /** `MCP-Protocol-Version`, `Mcp-Method`, `Mcp-Name`, `Mcp-Session-Id`, checked against the body. */
  mcpHeaders?: McpRequestHeaders;
}

export type RequestBody =
  | { kind: "none" }
  | { kind: "json"; value: unknown }
  | { kind: "too_large" }
  | { kind: "malformed" };

export type GuardOutcome =
  | {
      allowed: true;
      authInfo: ToolgateAuthInfo;
      body: unknown;
      /**
       * For an adapter that refuses the request after the guard allowed it (the gateway: another
       * caller's session): `finish()` then audits it as denied, with this reason (`code: message`).
       */
      refuse(reason: string): void;
      /** Call when the response is over: audits the allowed calls with their duration (or their refusal). */
      finish(): void;
    }
  | { allowed: false; error: ToolgateError; answer: HttpAnswer };

export interface GuardDeps {
  verifier: TokenVerifier;
  policy: ToolCallPolicy;
  audit: AuditSink;
  resource: string;
  resourceMetadataUrl: string;
  maxTokenBytes: number;
  /** The scopes basic use of this server needs (the PRM's `scopes_supported`): a 401 without a tool call names them. */
  basicScopes: () => string[];
  onError: (err: unknown) => void;
}

/**
 * The pipeline every request to the MCP endpoint goes through, before anything of the MCP server
 * runs: authenticate → read the body → check its protocol metadata (`checkProtocol`: both MCP eras)
 * → authorize each `tools/call` → answer. A batch is
 * authorized as a whole: if any call in it is refused, none runs. Every refusal is audited at once
 * — per tool call; with tool `(unknown)` when the body could not be read; with tool `(none)` and
 * the JSON-RPC methods in the reason for any other request (a bad token on `initialize`, say) —
 * and allowed tool calls when `finish()` is called.
 */
export async function guardRequest(deps: GuardDeps, req: GuardRequest): Promise<GuardOutcome> {
  const started = performance.now();
  const rpc = req.body.kind === "json" ? rpcMessages(req.body.value) : undefined;
  const calls = rpc ? rpc.messages.map(toolCallOf) : [];
  const notJsonRpc = req.body.kind === "malformed" || (req.body.kind === "json" && !rpc);

  const refuse = (error: ToolgateError, auth?: ToolgateAuthInfo, { perCall, answer }: { perCall?: Map<number, ToolgateError>; answer?: HttpAnswer } = {}): GuardOutcome => {
    const duration = performance.now() - started;
    let audited = false;
    calls.forEach((call, i) => {
      if (!call) return;
      audited = true;
      const reason = perCall ? (perCall.get(i) ?? new ToolgateError("batch_refused", "another call in the batch was refused")) : error;
      auditCall(deps, req, "deny", call, auth, `${reason.code}: ${reason.message}`, duration);
    });
    if (!audited && (req.body.kind === "too_large" || notJsonRpc)) {
      auditCall(deps, req, "deny", { id: undefined, name: UNKNOWN_TOOL, arguments: undefined }, auth, `${error.code}: ${error.message}`, duration);
    } else if (!audited) {
      // No tool call in it: a refused initialize, tools/list, notification or bodiless GET. The
      // ingest contract has no field for the method, so it goes in the reason, after the code.
      const only = rpc && !rpc.batch ? rpc.messages[0] : undefined;
      auditCall(deps, req, "deny", { id: only?.id, name: NO_TOOL, arguments: undefined }, auth, `${error.code}: ${error.message}${methodsNote(rpc)}`, duration);
    }
    return { allowed: false, error, answer: answer ?? refusalAnswer(error, deps.resourceMetadataUrl, rpc) };
  };

  let auth: ToolgateAuthInfo;
  try {
    auth = await deps.verifier.verifyAccessToken(extractBearerToken(req.authorization, req.url, deps.maxTokenBytes));
  } catch (err) {
    return refuse(withChallengeScopes(asToolgateError(err, deps.onError), deps, calls));
  }

  if (req.body.kind === "too_large") return refuse(new ToolgateError("request_too_large", "the request body is too large"), auth);
  if (notJsonRpc) {
    return refuse(new ToolgateError("request_malformed", "the request body is not JSON-RPC"), auth);
  }
  const protocolError = rpc && checkProtocol(rpc, req.mcpHeaders ?? {});
  if (protocolError) return refuse(protocolError, auth);

  const refusals = new Map<number, ToolgateError>();
  calls.forEach((call, i) => {
    const refusal = call && checkToolCall(deps.policy, auth, call);
    if (refusal) refusals.set(i, refusal);
  });
  if (refusals.size > 0) {
    const { error, answer } = combine(rpc!, refusals, deps);
    return refuse(error, auth, { perCall: refusals, answer });
  }

  let refusedAfter: string | undefined;
  let finished = false;
  return {
    allowed: true,
    authInfo: auth,
    body: req.body.kind === "json" ? req.body.value : undefined,
    refuse(reason) {
      refusedAfter = reason;
    },
    finish() {
      if (finished) return;
      finished = true;
      const duration = performance.now() - started;
      const decision = refusedAfter === undefined ? "allow" : "deny";
      let audited = false;
      for (const call of calls) {
        if (!call) continue;
        audited = true;
        auditCall(deps, req, decision, call, auth, refusedAfter, duration);
      }
      if (!audited && refusedAfter !== undefined) {
        const only = rpc && !rpc.batch ? rpc.messages[0] : undefined;
        auditCall(deps, req, "deny", { id: only?.id, name: NO_TOOL, arguments: undefined }, auth, `${refusedAfter}${methodsNote(rpc)}`, duration);
      }
    },
  };
}

/**
 * One answer for a request with refused calls. A denied tool wins (no step-up can help); then
 * insufficient scope, with every scope the batch needs so one step-up suffices; a single call's
 * soft refusal answers 200; a batch of soft refusals answers 200 with one answer per request.
 */
function combine(rpc: RpcBody, refusals: Map<number, ToolgateError>, deps: GuardDeps): { error: ToolgateError; answer: HttpAnswer } {
  const all = [...refusals.values()];
  const denied = all.find((e) => e.code === "tool_denied");
  const scoped = all.filter((e) => e.code === "insufficient_scope");
  let error: ToolgateError;
  if (denied) error = denied;
  else if (scoped.length > 0) {
    const scope = [...new Set(scoped.flatMap((e) => e.scope ?? []))];
    error = scoped.length === 1 ? scoped[0]! : new ToolgateError("insufficient_scope", `the batch requires scopes ${scope.join(" ")}`, { scope });
  } else error = all[0]!;
  const answer = error.status !== 200 || !rpc.batch ? refusalAnswer(error, deps.resourceMetadataUrl, rpc) : batchAnswer(rpc, refusals);
  return { error, answer };
}

/**
 * A 401 names the minimal scopes the request needs (MCP authorization 2026-07-28 §Scope Selection
 * Strategy: clients request the challenge's `scope` first): the scopes of the tools it calls, or,
 * for any other request (initialize, tools/list, server/discover), the basic scopes the PRM lists.
 */
function withChallengeScopes(error: ToolgateError, deps: GuardDeps, calls: (ToolCall | undefined)[]): ToolgateError {
  if (error.status !== 401) return error;
  const scope = new Set<string>();
  for (const call of calls) {
    const tool = call && typeof call.name === "string" && !deps.policy.deny(call.name) ? deps.policy.catalog.get(call.name) : undefined;
    if (tool) scope.add(tool.scope);
  }
  if (scope.size === 0 && !calls.some(Boolean)) for (const s of deps.basicScopes()) scope.add(s);
  if (scope.size === 0) return error;
  return new ToolgateError(error.code, error.message, { scope: [...scope], cause: error.cause });
}

/** ` (method initialize)`, ` (methods a, b)` for a batch, nothing without a JSON-RPC body; bounded, names are the caller's. */
function methodsNote(rpc: RpcBody | undefined): string {
  const methods = [...new Set((rpc?.messages ?? []).map((m: RpcMessage) => (typeof m.method === "string" ? m.method.slice(0, 100) : "(response)")))];
  if (methods.length === 0) return "";
  const shown = methods.length > 5 ? [...methods.slice(0, 5), "…"] : methods;
  return ` (method${methods.length > 1 ? "s" : ""} ${shown.join(", ")})`;
}

function asToolgateError(err: unknown, onError: (err: unknown) => void): ToolgateError {
  if (err instanceof ToolgateError) return err;
  // Not a verdict on the token but a fault of ours or of Toolgate: refuse, as unavailable, and say so.
  onError(err);
  return new ToolgateError("toolgate_unavailable", "the token could not be checked", { retryAfter: 1, cause: err });
}

function auditCall(deps: GuardDeps, req: GuardRequest, decision: "allow" | "deny", call: ToolCall, auth: ToolgateAuthInfo | undefined, reason: string | undefined, durationMs: number): void {
  try {
    deps.audit.emit({
      time: new Date().toISOString(),
      type: "tool.call",
      decision,
      tool: typeof call.name === "string" && call.name ? call.name : UNKNOWN_TOOL,
      resource: deps.resource,
      ...(auth ? { subject: auth.extra.subject, client_id: auth.clientId, token_id: auth.extra.tokenId } : {}),
      actor_chain: auth?.extra.actorChain ?? [],
      scopes: auth?.scopes ?? [],
      ...(reason ? { reason } : {}),
      duration_ms: durationMs,
      ...(req.requestId ? { request_id: req.requestId } : call.id !== undefined && call.id !== null ? { request_id: String(call.id) } : {}),
    });
  } catch (err) {
    deps.onError(err);
  }
}
