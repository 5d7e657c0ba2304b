import type { AuthInfo } from "../auth-info.js";
import { rpcMessages } from "../json-rpc.js";
import type { Toolgate } from "../toolgate.js";

/** A JSON-RPC id as a map key (`1` and `"1"` are different ids). */
export const idKey = (id: unknown): string => `${typeof id}:${String(id)}`;

/** The ids of the `tools/list` requests in a request body (one message or a batch). */
export function toolsListIds(body: unknown): Set<string> {
  const ids = new Set<string>();
  for (const m of rpcMessages(body)?.messages ?? []) {
    if (m.method === "tools/list" && m.id !== undefined) ids.add(idKey(m.id));
  }
  return ids;
}

/**
 * Filters the answers to `tools/list` requests in a JSON-RPC message (or batch of them) to the
 * tools this caller may call; every other message is returned as is. `pending` loses the ids
 * answered. Returns undefined when nothing in it answers a pending `tools/list`.
 */
export function filterToolsListAnswer(toolgate: Toolgate, auth: AuthInfo, message: unknown, pending: Set<string>): unknown {
  let changed = false;
  const filterOne = (m: unknown): unknown => {
    if (typeof m !== "object" || m === null || !("id" in m) || !pending.has(idKey(m.id))) return m;
    pending.delete(idKey(m.id));
    const result = (m as { result?: unknown }).result;
    const tools = typeof result === "object" && result !== null ? (result as { tools?: unknown }).tools : undefined;
    if (!Array.isArray(tools)) return m;
    changed = true;
    // A tool entry without a string name cannot be called by anyone: dropped (fail closed).
    const named = tools.filter((t): t is { name: string } => typeof t === "object" && t !== null && typeof (t as { name?: unknown }).name === "string");
    const filtered: Record<string, unknown> = { ...(result as object), tools: toolgate.filterTools(auth, named) };
    // A list that varies by the caller's authorization is private (2026-07-28 server/utilities/caching
    // §Cache Scope): a shared cache must never serve one caller's tools to another.
    if ("cacheScope" in filtered || "resultType" in filtered) filtered.cacheScope = "private";
    return { ...m, result: filtered };
  };
  const out = Array.isArray(message) ? message.map(filterOne) : filterOne(message);
  return changed ? out : undefined;
}
