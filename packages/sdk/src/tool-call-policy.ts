import type { AuthInfo } from "./auth-info.js";
import type { DenyMatcher } from "./deny-rules.js";
import { ToolgateError } from "./errors.js";
import type { ToolCall } from "./json-rpc.js";
import type { CatalogTool, ToolCatalog } from "./tool-catalog.js";

/** OIDC's refresh-token scope: a client's wish, never a resource requirement. */
export const OFFLINE_ACCESS = "offline_access";

export interface ToolCallPolicy {
  catalog: ToolCatalog;
  deny: DenyMatcher;
  validateArguments: boolean;
}

/**
 * Whether this caller may make this `tools/call`, checked in this order so that a refused call
 * reveals as little as possible: deny rules, unknown tools (no scope is known for them, so they
 * are refused: fail closed), the tool's scope, then its arguments against its `inputSchema`.
 * Returns the refusal, or undefined to allow.
 */
export function checkToolCall(policy: ToolCallPolicy, auth: AuthInfo, call: ToolCall): ToolgateError | undefined {
  if (typeof call.name !== "string" || call.name === "") return new ToolgateError("tool_unknown", "params.name must name a tool");
  const rule = policy.deny(call.name);
  if (rule) return new ToolgateError("tool_denied", `tool ${call.name} is denied by rule ${rule}`);
  const tool = policy.catalog.get(call.name);
  if (!tool) return new ToolgateError("tool_unknown", `Unknown tool: ${call.name}`);
  if (!auth.scopes.includes(tool.scope)) {
    // The scopes granted so far stay in the challenge, for clients that re-authorize with the
    // challenge's scopes alone; `offline_access` never does (MCP authorization §Refresh Tokens).
    const granted = auth.scopes.filter((s) => s !== OFFLINE_ACCESS);
    return new ToolgateError("insufficient_scope", `tool ${call.name} requires scope ${tool.scope}`, { scope: [...new Set([...granted, tool.scope])] });
  }
  return policy.validateArguments ? checkArguments(tool, call.arguments) : undefined;
}

function checkArguments(tool: CatalogTool, args: unknown): ToolgateError | undefined {
  if (tool.schemaError) return new ToolgateError("arguments_invalid", `the input schema of tool ${tool.name} cannot be enforced, so it cannot be called`);
  const value = args === undefined ? {} : args;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return new ToolgateError("arguments_invalid", `Invalid arguments for tool ${tool.name}: arguments must be an object`);
  }
  const problems = tool.validate?.(value) ?? [];
  if (problems.length) return new ToolgateError("arguments_invalid", `Invalid arguments for tool ${tool.name}: ${problems.join("; ")}`);
  return undefined;
}

/** The tools this caller may call (for filtering `tools/list`): not denied, known, and within the token's scopes. */
export function mayCall(policy: ToolCallPolicy, auth: AuthInfo, name: string): boolean {
  if (policy.deny(name)) return false;
  const tool = policy.catalog.get(name);
  return !!tool && auth.scopes.includes(tool.scope);
}
