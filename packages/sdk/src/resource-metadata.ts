import { parseJsonObject, type HttpClient } from "./http-client.js";
import type { ToolPolicy } from "./tool-catalog.js";

/** Toolgate's metadata of this resource (docs/resource-server-api.md, `GET /api/resources/metadata`). */
export interface ToolgateResourceMetadata {
  resource: string;
  authorization_servers: string[];
  scopes_supported: string[];
  bearer_methods_supported: string[];
  resource_name?: string;
  tools: Record<string, ToolPolicy>;
}

export async function fetchResourceMetadata(http: HttpClient, issuer: string, resource: string): Promise<ToolgateResourceMetadata> {
  const url = `${issuer.replace(/\/$/, "")}/api/resources/metadata?resource=${encodeURIComponent(resource)}`;
  const { text } = await http.request(url, { headers: { accept: "application/json" } });
  const doc = parseJsonObject(text, "resource metadata");
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : []);
  if (doc.resource !== resource) throw new Error(`Toolgate knows this resource as ${String(doc.resource)}, not ${resource}: configure the registered resource URI exactly`);
  const tools: Record<string, ToolPolicy> = {};
  for (const t of Array.isArray(doc.tools) ? doc.tools : []) {
    if (typeof t?.name !== "string" || typeof t.scope !== "string") continue;
    tools[t.name] = { scope: t.scope, inputSchema: typeof t.input_schema === "object" ? t.input_schema : null, readOnly: t.read_only === true };
  }
  return {
    resource,
    authorization_servers: strings(doc.authorization_servers),
    scopes_supported: strings(doc.scopes_supported),
    bearer_methods_supported: strings(doc.bearer_methods_supported),
    ...(typeof doc.resource_name === "string" ? { resource_name: doc.resource_name } : {}),
    tools,
  };
}
