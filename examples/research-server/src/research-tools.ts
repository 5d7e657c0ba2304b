import { McpServer } from "@modelcontextprotocol/server";
import { identityOf, type AuthInfo } from "@toolgate/sdk";
import { z } from "zod";

const PAPERS = [
  { id: "2401.00001", title: "Scopes at the tool boundary", year: 2024 },
  { id: "2402.00042", title: "Audience-bound tokens for agents", year: 2024 },
  { id: "2503.01234", title: "Delegation chains in practice", year: 2025 },
];

/**
 * The research MCP server of the "Securing MCP" pattern, on the v2 MCP SDK: one factory serves
 * both protocol eras (2026-07-28 stateless requests and 2025-era clients). It knows nothing of
 * OAuth: Toolgate has checked the token and the tool's scope before a handler runs, and the SDK
 * hands over who is calling in `ctx.http.authInfo`.
 */
export function researchServer(): McpServer {
  const server = new McpServer({ name: "research", version: "2.0.0" });
  const caller = (authInfo: AuthInfo | undefined) => {
    const who = identityOf(authInfo);
    return who ? `${who.subject}${who.actorChain.length ? ` via ${who.actorChain.join(" → ")}` : ""}` : "unknown";
  };

  server.registerTool(
    "browse",
    { title: "Browse papers", description: "Search and read research papers", inputSchema: z.object({ query: z.string().max(200) }), annotations: { readOnlyHint: true } },
    async ({ query }, ctx) => {
      const hits = PAPERS.filter((p) => p.title.toLowerCase().includes(query.toLowerCase()));
      return { content: [{ type: "text", text: `${hits.length} result(s) for "${query}" (for ${caller(ctx.http?.authInfo)}):\n${hits.map((p) => `${p.id}  ${p.title}`).join("\n")}` }] };
    },
  );
  server.registerTool("export", { title: "Export", description: "Export search results as CSV", annotations: { readOnlyHint: true } }, async () => ({
    content: [{ type: "text", text: ["id,title,year", ...PAPERS.map((p) => `${p.id},"${p.title}",${p.year}`)].join("\n") }],
  }));
  server.registerTool("purge", { title: "Purge", description: "Delete the whole research index", annotations: { destructiveHint: true } }, async (ctx) => ({
    content: [{ type: "text", text: `Index purged by ${caller(ctx.http?.authInfo)} (demo: nothing was deleted).` }],
  }));
  return server;
}
