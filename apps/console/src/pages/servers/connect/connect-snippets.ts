/**
 * What an admin pastes into an MCP client, or into the MCP server's code, to connect to one MCP
 * server protected by Toolgate. Pure: derived from the server's record and the issuer only.
 */
export interface ConnectTarget {
  issuer: string;
  name: string;
  resourceUri: string;
  scopes: readonly string[];
  /** The MCP server's own client id, once credentials were issued. */
  serverClientId: string | null;
}

/** A short, shell- and JSON-safe key for the server ("Research Server" → "research-server"). */
export function serverKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40) || "mcp";
}

/** RFC 9728 §3.1: the well-known URI is inserted between the host and the resource's path. */
export function protectedResourceMetadataUrl(resourceUri: string): string {
  const url = new URL(resourceUri);
  const path = url.pathname === "/" ? "" : url.pathname.replace(/\/$/, "");
  return `${url.origin}/.well-known/oauth-protected-resource${path}`;
}

export function claudeCodeCommand(t: ConnectTarget): string {
  return `claude mcp add --transport http ${serverKey(t.name)} ${t.resourceUri}`;
}

export function vsCodeConfig(t: ConnectTarget): string {
  return JSON.stringify({ servers: { [serverKey(t.name)]: { type: "http", url: t.resourceUri } } }, null, 2);
}

export function inspectorCommand(): string {
  return "npx -y @modelcontextprotocol/inspector";
}

/** Environment for the MCP server's process (the secret is shown once, when credentials are issued). */
export function serverEnv(t: ConnectTarget): string {
  return [
    `TOOLGATE_ISSUER=${t.issuer}`,
    `RESOURCE=${t.resourceUri}`,
    `TOOLGATE_CLIENT_ID=${t.serverClientId ?? "<issue credentials on this page>"}`,
    "TOOLGATE_CLIENT_SECRET=<shown once when credentials are issued>",
  ].join("\n");
}

/** @toolgate/sdk in front of an Express MCP endpoint (see packages/sdk). */
export function sdkSnippet(t: ConnectTarget): string {
  const path = new URL(t.resourceUri).pathname || "/";
  return `import express from "express";
import { createToolgate } from "@toolgate/sdk";
import { toolgateExpress } from "@toolgate/sdk/express";

// Verifies tokens for ${t.resourceUri}, enforces each tool's scope,
// serves the Protected Resource Metadata and reports tool calls to Toolgate.
const toolgate = createToolgate({
  issuer: process.env.TOOLGATE_ISSUER ?? ${JSON.stringify(t.issuer)},
  resource: process.env.RESOURCE ?? ${JSON.stringify(t.resourceUri)},
  credentials: {
    clientId: process.env.TOOLGATE_CLIENT_ID!,
    clientSecret: process.env.TOOLGATE_CLIENT_SECRET!,
  },
});
await toolgate.ready();

const app = express();
app.use(toolgateExpress(toolgate)); // before express.json(): it measures the body it reads
app.use(express.json());
app.post(${JSON.stringify(path)}, (req, res) => {
  // Your MCP transport. req.auth holds the verified token (subject, client, scopes).
});
app.listen(3000);
`;
}

/**
 * How a server author gets the gateway (packages/sdk README, "Installing and releasing"): the bin
 * is `toolgate-gateway` in the package `@toolgate/sdk`, so npx needs `-p`. Until the first npm
 * release the package is a tarball built from a clone; npx then runs the copy installed in the project.
 */
export const GATEWAY_PACKAGE_NOTE =
  "Not on npm yet: build @toolgate/sdk with pnpm pack in packages/sdk of a Toolgate clone, then npm install the .tgz in the project you run this from.";

/**
 * The gateway (toolgate-gateway from @toolgate/sdk) in front of an MCP server with no auth code:
 * it listens at this server's resource URI and forwards allowed calls to the unprotected one.
 */
export function gatewayCommand(t: ConnectTarget): string {
  const port = new URL(t.resourceUri).port || "3000";
  return [
    `TOOLGATE_ISSUER=${t.issuer} \\`,
    `RESOURCE=${t.resourceUri} \\`,
    "UPSTREAM=http://127.0.0.1:8080/mcp \\",
    `TOOLGATE_CLIENT_ID=${t.serverClientId ?? "<issue credentials on this page>"} \\`,
    "TOOLGATE_CLIENT_SECRET=<shown once when credentials are issued> \\",
    `PORT=${port} \\`,
    "npx -y -p @toolgate/sdk toolgate-gateway",
  ].join("\n");
}
