import { McpServer, type McpRequestContext } from "@modelcontextprotocol/server";
import { z } from "zod";
import { identityOf, type AuthInfo } from "../../src/index.js";
import type { HandledCall } from "./research-mcp.js";

export interface V2HandledCall extends HandledCall {
  /** The era the v2 SDK served the call in, and the authInfo its factory got. */
  era: McpRequestContext["era"];
  factoryAuthInfo: AuthInfo | undefined;
}

/**
 * The research MCP server on the v2 SDK (`@modelcontextprotocol/server`), as a factory for both
 * eras: tool handlers read the caller from `ctx.http.authInfo`; every run is recorded.
 */
export function researchV2Factory(handled: V2HandledCall[]) {
  return (factoryCtx: McpRequestContext): McpServer => {
    const server = new McpServer({ name: "research", version: "2.0.0" });
    const record = (tool: string, args: unknown, authInfo: AuthInfo | undefined) => {
      handled.push({ tool, args, authInfo, era: factoryCtx.era, factoryAuthInfo: factoryCtx.authInfo });
      const who = identityOf(authInfo);
      return { content: [{ type: "text" as const, text: JSON.stringify({ tool, era: factoryCtx.era, subject: who?.subject, actorChain: who?.actorChain, clientId: authInfo?.clientId }) }] };
    };
    server.registerTool("browse", { description: "Search papers", inputSchema: z.object({ query: z.string().max(200) }) }, async (args, ctx) => record("browse", args, ctx.http?.authInfo));
    for (const name of ["export", "purge", "admin_reset"]) {
      server.registerTool(name, { description: name }, async (ctx) => record(name, {}, ctx.http?.authInfo));
    }
    return server;
  };
}
