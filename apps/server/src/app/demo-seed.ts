import type { Prisma } from "../db/prisma.js";
import type { AuditLog } from "../audit/audit-log.js";
import { generateClientSecret, hashClientSecret } from "../oidc/client-secret.js";
import { issueServerCredentials, type ServerCredentials } from "../domain/server-credentials.js";

export const DEMO_RESOURCE = "http://localhost:3000/mcp";

export interface DemoCredentials {
  resource: string;
  clients: { id: string; secret: string; role: string }[];
  /** The research MCP server's own credentials (revocation feed, audit ingest). */
  server: ServerCredentials;
}

const TOOLS = [
  { name: "browse", scope: "research:browse", readOnly: true, description: "Search and read research papers" },
  { name: "export", scope: "research:export", readOnly: true, description: "Export search results as CSV" },
  { name: "purge", scope: "research:purge", readOnly: false, description: "Delete the whole research index" },
];

/**
 * The research MCP server of the "Securing MCP" pattern: tools browse, export and purge, each
 * behind its own scope; role `analyst` (browse + export) and `admin` (all three); an analyst and
 * an admin agent; the server's own credentials, so the example server starts at once.
 * Self-registered clients (MCP Inspector, Claude…) may carry up to the `admin` role on it — the
 * server's default role is their ceiling — so each user's own roles decide: Alice the analyst
 * browses, and purges once an admin gives her `admin` (docs/tokens.md). Idempotent: undefined when the demo is already there.
 */
export async function seedDemo(prisma: Prisma, audit: AuditLog, resource = DEMO_RESOURCE): Promise<DemoCredentials | undefined> {
  return prisma.$transaction(async (tx) => {
    if (await tx.mcpServer.findUnique({ where: { resourceUri: resource } })) return undefined;
    const server = await tx.mcpServer.create({
      data: {
        resourceUri: resource,
        name: "Research",
        description: "Demo research server: browse and export papers, purge the index",
        scopes: { create: TOOLS.map((t) => ({ name: t.scope, description: t.description })) },
      },
      include: { scopes: true },
    });
    const scopeId = (name: string) => server.scopes.find((s) => s.name === name)!.id;
    for (const t of TOOLS) {
      await tx.tool.create({
        data: {
          serverId: server.id, name: t.name, description: t.description, readOnly: t.readOnly, scopeId: scopeId(t.scope),
          inputSchema: t.name === "browse" ? { type: "object", properties: { query: { type: "string", maxLength: 200 } }, required: ["query"] } : { type: "object", properties: {} },
        },
      });
    }
    const analyst = await tx.role.upsert({
      where: { name: "analyst" },
      create: { name: "analyst", description: "Browse and export research", scopes: { create: [{ scopeId: scopeId("research:browse") }, { scopeId: scopeId("research:export") }] } },
      update: {},
    });
    const admin = await tx.role.upsert({
      where: { name: "admin" },
      create: { name: "admin", description: "Everything on the research server, purge included", scopes: { create: server.scopes.map((s) => ({ scopeId: s.id })) } },
      update: {},
    });
    await tx.mcpServer.update({ where: { id: server.id }, data: { defaultRoleId: admin.id } });

    const clients = [
      { id: "demo-analyst", role: analyst },
      { id: "demo-admin", role: admin },
    ].map((c) => ({ ...c, secret: generateClientSecret() }));
    for (const c of clients) {
      await tx.client.upsert({
        where: { id: c.id },
        create: {
          id: c.id, kind: "agent", name: `Demo ${c.role.name}`, secretHash: hashClientSecret(c.secret),
          metadata: { client_name: `Demo ${c.role.name}`, grant_types: ["client_credentials"], response_types: [], redirect_uris: [], token_endpoint_auth_method: "client_secret_basic" },
          roles: { create: [{ roleId: c.role.id }] },
        },
        update: { secretHash: hashClientSecret(c.secret) },
      });
    }
    const serverCredentials = await issueServerCredentials(tx, server);
    await audit.inTransaction(tx, {
      type: "admin.demo_seeded", reason: "toolgate demo",
      details: { resource, clients: clients.map((c) => c.id), serverClient: serverCredentials.clientId },
    });
    return { resource, clients: clients.map((c) => ({ id: c.id, secret: c.secret, role: c.role.name })), server: serverCredentials };
  });
}

export function describeDemo(demo: DemoCredentials, issuer: string): string {
  const lines = [
    "",
    "  Demo research server seeded",
    `    resource: ${demo.resource}  (tools browse, export, purge)`,
    ...demo.clients.map((c) => `    ${c.id.padEnd(13)} secret ${c.secret}  (role ${c.role})`),
    "  Try:",
    `    curl -s -u demo-analyst:<secret> -d grant_type=client_credentials -d resource=${demo.resource} ${issuer}/token`,
    "  The research server's own credentials — examples/research-server/.env:",
    `    TOOLGATE_ISSUER=${issuer}`,
    `    RESOURCE=${demo.resource}`,
    `    TOOLGATE_CLIENT_ID=${demo.server.clientId}`,
    `    TOOLGATE_CLIENT_SECRET=${demo.server.clientSecret}`,
    "  These secrets are not shown again.",
    "",
  ];
  return `${lines.join("\n")}\n`;
}
