import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { createMcpHandler } from "@modelcontextprotocol/server";
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
 * The example's research tools as a server with no auth code at all (what a gateway fronts): the
 * v2 SDK's own `createMcpHandler` (both protocol eras, JSON answers) on 127.0.0.1:port. `seen`
 * keeps each request's headers (the gateway's x-toolgate-* identity headers among them).
 */
export async function startAuthFreeResearchServer(port: number): Promise<{ url: string; seen: IncomingHttpHeaders[]; close(): Promise<void> }> {
  const seen: IncomingHttpHeaders[] = [];
  const mcp = createMcpHandler(researchServer, { responseMode: "json" });
  const http = createServer(async (req, res) => {
    seen.push(req.headers);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string" && name !== "content-length") headers.set(name, value);
    const body = chunks.length ? Buffer.concat(chunks) : undefined;
    const answer = await mcp.fetch(new Request(`http://127.0.0.1:${port}${req.url}`, { method: req.method!, headers, ...(body ? { body } : {}) }));
    res.writeHead(answer.status, Object.fromEntries(answer.headers));
    if (answer.body) for await (const chunk of answer.body) res.write(chunk);
    res.end();
  });
  await new Promise<void>((resolve) => http.listen(port, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${port}/mcp`, seen, close: () => closeHttp(http) };
}
