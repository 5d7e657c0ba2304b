import { bearerChallenge } from "./challenge.js";
import { ToolgateError } from "./errors.js";
import { isRequest, rpcError, type JsonRpcId, type RpcBody } from "./json-rpc.js";

/** What an adapter writes back: status, headers, JSON body. */
export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** JSON-RPC error codes of refusals: -32602 is the MCP tools spec's "Unknown tool"; the rest is the implementation-defined server-error range. */
const RPC_CODE: Partial<Record<string, number>> = {
  tool_unknown: -32602,
  request_malformed: -32600,
  batch_refused: -32000,
  // 2026-07-28 §Error Codes: HeaderMismatch, UnsupportedProtocolVersion.
  header_mismatch: -32020,
  protocol_version_unsupported: -32022,
};

/**
 * The HTTP answer to a refused request. Refusals about the token or the caller's rights are
 * answered at the HTTP layer, as MCP authorization §Error Handling requires: 401/403 (400 for a
 * malformed Authorization header) with the Bearer challenge, 503 + Retry-After when Toolgate
 * cannot vouch for tokens. The body is a JSON-RPC error carrying the request's id and our `code`
 * in `error.data`, for clients that show it.
 *
 * Tool-level refusals of a valid caller answer 200 the way MCP tools §Error Handling asks: an
 * unknown tool is a JSON-RPC error (-32602); arguments that violate the input schema are a tool
 * execution error (`isError: true`) so the model can correct them.
 */
export function refusalAnswer(error: ToolgateError, resourceMetadataUrl: string, rpc?: RpcBody): HttpAnswer {
  const headers: Record<string, string> = { "content-type": "application/json", "cache-control": "no-store" };
  const challenge = bearerChallenge(error, resourceMetadataUrl);
  if (challenge) headers["www-authenticate"] = challenge;
  if (error.retryAfter !== undefined) headers["retry-after"] = String(error.retryAfter);
  const id = rpc && !rpc.batch ? rpc.messages[0]?.id : null;
  return { status: error.status, headers, body: JSON.stringify(errorMessage(error, id)) };
}

/** The JSON-RPC answer to one refused request (a soft refusal inside a 200 answer, or the body of an HTTP refusal). */
export function errorMessage(error: ToolgateError, id: JsonRpcId | undefined) {
  if (error.code === "arguments_invalid") {
    return { jsonrpc: "2.0" as const, id: id ?? null, result: { content: [{ type: "text", text: error.message }], isError: true } };
  }
  return rpcError(id, RPC_CODE[error.code] ?? -32000, error.message, {
    ...error.data,
    code: error.code,
    ...(error.bearerError ? { error: error.bearerError } : {}),
    ...(error.scope ? { scope: error.scope.join(" ") } : {}),
  });
}

/**
 * A batch in which only tool-level refusals occurred: 200 with one answer per request; the
 * requests that would have been allowed are not run either (`batch_refused`), since a batch is
 * authorized as a whole.
 */
export function batchAnswer(rpc: RpcBody, refusals: Map<number, ToolgateError>): HttpAnswer {
  const answers = rpc.messages.flatMap((m, i) => {
    if (!isRequest(m)) return [];
    const refusal = refusals.get(i) ?? new ToolgateError("batch_refused", "not run: another call in this batch was refused");
    return [errorMessage(refusal, m.id)];
  });
  return { status: 200, headers: { "content-type": "application/json", "cache-control": "no-store" }, body: JSON.stringify(answers) };
}
