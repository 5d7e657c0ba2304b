import { createServer, type Server } from "node:http";
import { createToolgate, type Toolgate } from "@toolgate/sdk";
import { createMcpHandler } from "@toolgate/sdk/v2";
import { researchServer } from "./research-tools.js";

export interface ResearchConfig {
  issuer: string;
  resource: string;
  credentials: { clientId: string; clientSecret: string };
  port: number;
  host?: string;
}

/** All the wiring: Toolgate protects the research server (v2 MCP SDK, both protocol eras); tools, scopes and roles live in Toolgate. */
export async function startResearchServer(config: ResearchConfig): Promise<{ http: Server; toolgate: Toolgate }> {
  const toolgate = createToolgate({
    issuer: config.issuer,
    resource: config.resource,
    credentials: config.credentials,
    deny: ["admin_*"],
  });
  await toolgate.ready();
  // MCP Inspector's web UI may call the server straight from the browser.
  const http = createServer(createMcpHandler(toolgate, { server: researchServer, corsOrigins: ["http://localhost:6274"] }));
  await new Promise<void>((resolve) => http.listen(config.port, config.host ?? "localhost", resolve));
  return { http, toolgate };
}
