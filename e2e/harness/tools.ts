// The project-local tools (scripts/test-tools.mjs): Node 22 and 24, MCP Inspector.
import { ensureTool } from "../../scripts/test-tools.mjs";

/** The executable of a project-local tool, installed first if missing (normally done by `pnpm test`). */
export function tool(name: "node22" | "node24" | "inspector"): string {
  return ensureTool(name);
}
