import type { ToolsImport } from "@toolgate/contracts";
import type { z } from "zod";
import type { toolsImport } from "@toolgate/contracts";

type Input = z.output<typeof toolsImport>;

export interface ImportedTool {
  name: string;
  title: string;
  description: string;
  readOnly: boolean;
  inputSchema: Record<string, unknown> | null;
  /** Scope name to use (created when missing), or undefined to use `scopeId`. */
  scopeName: string | undefined;
}

/**
 * Plans an import of an MCP `tools/list` result (pure): which scope each tool goes to under the
 * chosen strategy. Read-only comes from the tool's `annotations.readOnlyHint` (MCP 2025-06-18).
 */
export function planToolsImport(input: Input, defaultPrefix: string): ImportedTool[] {
  const prefix = input.scopePrefix ?? defaultPrefix;
  return input.result.tools.map((tool) => {
    const readOnly = tool.annotations?.readOnlyHint === true;
    const scopeName =
      input.scopeStrategy === "single" ? undefined
        : input.scopeStrategy === "read-write" ? `${prefix}:${readOnly ? "read" : "write"}`
          : `${prefix}:${tool.name}`;
    return {
      name: tool.name,
      title: (tool.title ?? tool.annotations?.title ?? "").slice(0, 200),
      description: (tool.description ?? "").slice(0, 2000),
      readOnly,
      inputSchema: (tool.inputSchema as Record<string, unknown> | undefined) ?? null,
      scopeName,
    };
  });
}

export type { ToolsImport };
