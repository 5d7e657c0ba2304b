import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { researchServer } from "../../examples/research-server/src/research-tools.js";
import { startResearchServer } from "../../examples/research-server/src/server.js";

/**
 * The one place the e2e suite starts the example research server (examples/research-server),
 * exactly as its `pnpm start` does, minus the .env: the wiring under test is the example's own
 * `startResearchServer`. When the example moves to another SDK line, only this file follows.
 */
export async function startResearchExample(config: {
  issuer: string;
  resource: string;
  credentials: { clientId: string; clientSecret: string };
}): Promise<{ close(): Promise<void> }> {
  const url = new URL(config.resource);
  const { http, toolgate } = await startResearchServer({ ...config, port: Number(url.port), host: url.hostname });
  return {
    async close() {
      await closeHttp(http);
      await toolgate.close();
    },
  };
}

export function closeHttp(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * The example's research tools as a server with no auth code at all (what a gateway fronts):
 * stateless Streamable HTTP with JSON answers, on 127.0.0.1:port. `seen` keeps each request's
 * headers (the gateway's x-toolgate-* identity headers among them).
 */
export async function startAuthFreeResearchServer(port: number): Promise<{ url: string; seen: IncomingHttpHeaders[]; close(): Promise<void> }> {
  const seen: IncomingHttpHeaders[] = [];
  const http = createServer(async (req, res) => {
    seen.push(req.headers);
    const server = researchServer();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.once("close", () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res);
  });
  await new Promise<void>((resolve) => http.listen(port, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${port}/mcp`, seen, close: () => closeHttp(http) };
}
