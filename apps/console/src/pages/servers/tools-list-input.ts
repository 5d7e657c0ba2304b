/**
 * Reads what an admin pastes from an MCP client or the Inspector: a whole JSON-RPC response
 * (`{"jsonrpc":"2.0","id":1,"result":{"tools":[…]}}`), its `result` (`{"tools":[…]}`), or the tools
 * array alone. Returns the `result` object the import endpoint takes.
 */
export type ParsedToolsList = { ok: true; result: { tools: { name: string }[] } & Record<string, unknown> } | { ok: false; message: string };

export function parseToolsList(text: string): ParsedToolsList {
  if (!text.trim()) return { ok: false, message: "paste the result of tools/list" };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `not valid JSON (${e instanceof Error ? e.message : "parse error"})` };
  }
  const obj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  let result: unknown = value;
  if (Array.isArray(value)) result = { tools: value };
  else if (obj(value) && obj(value.result)) result = value.result;
  if (!obj(result) || !Array.isArray(result.tools)) return { ok: false, message: "no `tools` array found: paste a tools/list response or its result" };
  if (result.tools.length === 0) return { ok: false, message: "the list has no tools" };
  const unnamed = result.tools.findIndex((t) => !obj(t) || typeof t.name !== "string");
  if (unnamed >= 0) return { ok: false, message: `tool ${unnamed + 1} has no name` };
  return { ok: true, result: result as { tools: { name: string }[] } };
}
