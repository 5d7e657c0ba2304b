import { compileSchema, type Validate } from "./json-schema.js";

/** What a tool requires: one scope (Toolgate's model), and optionally a JSON Schema for its arguments. */
export interface ToolPolicy {
  scope: string;
  inputSchema?: Record<string, unknown> | null;
  /** Read-only tools make up the server's basic use: their scopes are the PRM's minimal `scopes_supported`. */
  readOnly?: boolean;
}

export interface CatalogTool {
  name: string;
  scope: string;
  /** Undefined when the tool declares no schema. */
  validate?: Validate;
  /** Set when the declared schema could not be compiled: calls are refused rather than unchecked. */
  schemaError?: string;
}

/**
 * The tool → scope map and argument schemas, from Toolgate's resource metadata and/or declared in
 * code (code wins for a tool named in both). Schemas are compiled once, when the map changes.
 */
export class ToolCatalog {
  private tools = new Map<string, CatalogTool>();
  private fetched: Record<string, ToolPolicy> = {};

  constructor(
    private readonly declared: Record<string, ToolPolicy> = {},
    private readonly onError: (err: unknown) => void = () => {},
  ) {
    for (const [name, policy] of Object.entries(declared)) {
      if (typeof policy?.scope !== "string" || policy.scope === "") throw new TypeError(`tools.${name}.scope must be a scope name`);
      try {
        if (policy.inputSchema) compileSchema(policy.inputSchema);
      } catch (err) {
        throw new TypeError(`tools.${name}.inputSchema: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    this.rebuild();
  }

  get(name: string): CatalogTool | undefined {
    return this.tools.get(name);
  }

  get size(): number {
    return this.tools.size;
  }

  setFetched(tools: Record<string, ToolPolicy>): void {
    this.fetched = tools;
    this.rebuild();
  }

  private rebuild(): void {
    const next = new Map<string, CatalogTool>();
    for (const [name, policy] of Object.entries({ ...this.fetched, ...this.declared })) {
      const tool: CatalogTool = { name, scope: policy.scope };
      if (policy.inputSchema) {
        try {
          tool.validate = compileSchema(policy.inputSchema);
        } catch (err) {
          tool.schemaError = err instanceof Error ? err.message : String(err);
          this.onError(new Error(`tool ${name}: its inputSchema cannot be enforced (${tool.schemaError}); calls to it are refused`));
        }
      }
      next.set(name, tool);
    }
    this.tools = next;
  }
}
