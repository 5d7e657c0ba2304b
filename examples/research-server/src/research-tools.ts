import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { identityOf } from "@toolgate/sdk";
import { z } from "zod";

const PAPERS = [
  { id: "2401.00001", title: "Scopes at the tool boundary", year: 2024 },
  { id: "2402.00042", title: "Audience-bound tokens for agents", year: 2024 },
  { id: "2503.01234", title: "Delegation chains in practice", year: 2025 },
];

/**
 * The research MCP server of the "Securing MCP" pattern. It knows nothing of OAuth: the SDK has
 * checked the token and the tool's scope before a handler runs, and hands over who is calling.
 */
export function researchServer(): McpServer {
  const server = new McpServer({ name: "research", version: "1.0.0" });
  const caller = (authInfo: Parameters<typeof identityOf>[0]) => {
    const who = identityOf(authInfo);
    return who ? `${who.subject}${who.actorChain.length ? ` via ${who.actorChain.join(" → ")}` : ""}` : "unknown";
  };

  server.registerTool(
    "browse",
    { title: "Browse papers", description: "Search and read research papers", inputSchema: { query: z.string().max(200) }, annotations: { readOnlyHint: true } },
    async ({ query }, { authInfo }) => {
      const hits = PAPERS.filter((p) => p.title.toLowerCase().includes(query.toLowerCase()));
      return { content: [{ type: "text", text: `${hits.length} result(s) for "${query}" (for ${caller(authInfo)}):\n${hits.map((p) => `${p.id}  ${p.title}`).join("\n")}` }] };
    },
  );
  server.registerTool("export", { title: "Export", description: "Export search results as CSV", annotations: { readOnlyHint: true } }, async () => ({
    content: [{ type: "text", text: ["id,title,year", ...PAPERS.map((p) => `${p.id},"${p.title}",${p.year}`)].join("\n") }],
  }));
  server.registerTool("purge", { title: "Purge", description: "Delete the whole research index", annotations: { destructiveHint: true } }, async ({ authInfo }) => ({
    content: [{ type: "text", text: `Index purged by ${caller(authInfo)} (demo: nothing was deleted).` }],
  }));
  return server;
}
