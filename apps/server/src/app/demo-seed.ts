import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseEnv } from "node:util";
import type { Prisma } from "../db/prisma.js";
import type { AuditLog } from "../audit/audit-log.js";
import type { Config } from "../config/load-config.js";
import { generateClientSecret, hashClientSecret } from "../oidc/client-secret.js";
import { issueServerCredentials, type ServerCredentials } from "../domain/server-credentials.js";

/** Setting key: the research server the demo seeded (by id), whatever an admin renamed since. */
export const DEMO_SERVER_SETTING = "demo.serverId";

export interface DemoCredentials {
  resource: string;
  /** The demo agents created now, with their secrets. */
  clients: { id: string; secret: string; role: string }[];
  /** Demo agents that existed already (an admin kept them): untouched, their secrets unchanged. */
  keptClients: { id: string; role: string }[];
  /** The research MCP server's own credentials (revocation feed, audit ingest). */
  server: ServerCredentials;
}


/** examples/research-server/.env of this repository, when the example is there (not in an image). */
function exampleEnvFile(): string | undefined {
  const dir = fileURLToPath(new URL("../../../../examples/research-server/", import.meta.url));
  return existsSync(`${dir}package.json`) ? `${dir}.env` : undefined;
}

/**
 * The research server's resource, from the research server's own configuration: the `RESOURCE`
 * of its `.env` when it has one (examples/research-server/src/env.ts reads the same file), else
 * its default port 3000 — unless Toolgate itself listens there, when the demo takes 3001 and the
 * `.env` it writes tells the example so.
 */
export function demoResource(config: Pick<Config, "port">, envFile: string | undefined): string {
  const configured = envFile && existsSync(envFile) ? parseEnv(readFileSync(envFile, "utf8")).RESOURCE : undefined;
  if (configured && URL.canParse(configured)) return configured;
  return `http://localhost:${config.port === 3000 ? 3001 : 3000}/mcp`;
}

/**
 * Writes the research example's credentials into its `.env` (the names issue-credentials.ts and
 * main.ts read), keeping any other lines, readable by the owner only.
 */
export function writeExampleEnv(envFile: string, issuer: string, demo: DemoCredentials): void {
  const values: Record<string, string> = {
    TOOLGATE_ISSUER: issuer,
    RESOURCE: demo.resource,
    TOOLGATE_CLIENT_ID: demo.server.clientId,
    TOOLGATE_CLIENT_SECRET: demo.server.clientSecret,
  };
  const kept = existsSync(envFile)
    ? readFileSync(envFile, "utf8").split("\n").filter((line) => line.trim() && !Object.keys(values).some((k) => new RegExp(`^\\s*(export\\s+)?${k}\\s*=`).test(line)))
    : [];
  writeFileSync(envFile, `${[...kept, ...Object.entries(values).map(([k, v]) => `${k}=${v}`)].join("\n")}\n`, { mode: 0o600 });
  chmodSync(envFile, 0o600); // also when the file existed before

}

/** `--demo` and `toolgate demo`: seed once, write the example's `.env`, say what happened. */
export async function runDemo(config: Config, prisma: Prisma, audit: AuditLog, out: (text: string) => void): Promise<DemoCredentials | undefined> {
  const envFile = config.demoEnvFile ?? exampleEnvFile();
  const demo = await seedDemo(prisma, audit, demoResource(config, envFile));
  if (!demo) {
    const marker = await prisma.setting.findUnique({ where: { key: DEMO_SERVER_SETTING } });
    const server = typeof marker?.value === "string" ? await prisma.mcpServer.findUnique({ where: { id: marker.value } }) : null;
    out(`The demo is already seeded${server ? ` (research server ${server.resourceUri})` : ""}; nothing changed, no secret was rotated.\n`);
    return undefined;
  }
  let written: string | undefined;
  if (envFile) {
    try {
      writeExampleEnv(envFile, config.issuer, demo);
      written = envFile;
    } catch (err) {
      out(`  (could not write ${envFile}: ${(err as Error).message})\n`);
    }
  }
  out(describeDemo(demo, config.issuer, written));
  return demo;
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
 * browses, and purges once an admin gives her `admin` (docs/tokens.md). Idempotent: once seeded
 * (recognised by the server it created, whatever an admin changed since, or by its resource URI
 * for demos seeded before that was recorded) it changes nothing — no second server, no rotated secret.
 */
export async function seedDemo(prisma: Prisma, audit: AuditLog, resource: string): Promise<DemoCredentials | undefined> {
  return prisma.$transaction(async (tx) => {
    // One seeding at a time (two instances started with --demo together).
    await tx.$queryRaw`SELECT 1 FROM pg_advisory_xact_lock(hashtextextended(${DEMO_SERVER_SETTING}, 0))`;
    const marker = await tx.setting.findUnique({ where: { key: DEMO_SERVER_SETTING } });
    const seededBefore = (typeof marker?.value === "string" ? await tx.mcpServer.findUnique({ where: { id: marker.value } }) : null)
      ?? (await tx.mcpServer.findUnique({ where: { resourceUri: resource } }));
    if (seededBefore) {
      await tx.setting.upsert({ where: { key: DEMO_SERVER_SETTING }, create: { key: DEMO_SERVER_SETTING, value: seededBefore.id }, update: { value: seededBefore.id } });
      return undefined;
    }
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
    // Roles of these names that exist already (kept after the research server was deleted, or an
    // admin's own) get this server's scopes added; nothing of theirs is removed.
    const analystScopes = { create: [{ scopeId: scopeId("research:browse") }, { scopeId: scopeId("research:export") }] };
    const analyst = await tx.role.upsert({
      where: { name: "analyst" },
      create: { name: "analyst", description: "Browse and export research", scopes: analystScopes },
      update: { scopes: analystScopes },
    });
    const adminScopes = { create: server.scopes.map((s) => ({ scopeId: s.id })) };
    const admin = await tx.role.upsert({
      where: { name: "admin" },
      create: { name: "admin", description: "Everything on the research server, purge included", scopes: adminScopes },
      update: { scopes: adminScopes },
    });
    await tx.mcpServer.update({ where: { id: server.id }, data: { defaultRoleId: admin.id } });
    await tx.setting.upsert({ where: { key: DEMO_SERVER_SETTING }, create: { key: DEMO_SERVER_SETTING, value: server.id }, update: { value: server.id } });

    // Agents an admin kept (the server was deleted, say) keep their secrets and settings.
    const clients: DemoCredentials["clients"] = [];
    const keptClients: DemoCredentials["keptClients"] = [];
    for (const c of [{ id: "demo-analyst", role: analyst }, { id: "demo-admin", role: admin }]) {
      if (await tx.client.findUnique({ where: { id: c.id }, select: { id: true } })) {
        keptClients.push({ id: c.id, role: c.role.name });
        continue;
      }
      const secret = generateClientSecret();
      await tx.client.create({
        data: {
          id: c.id, kind: "agent", name: `Demo ${c.role.name}`, secretHash: hashClientSecret(secret),
          metadata: { client_name: `Demo ${c.role.name}`, grant_types: ["client_credentials"], response_types: [], redirect_uris: [], token_endpoint_auth_method: "client_secret_basic" },
          roles: { create: [{ roleId: c.role.id }] },
        },
      });
      clients.push({ id: c.id, secret, role: c.role.name });
    }
    const serverCredentials = await issueServerCredentials(tx, server);
    await audit.inTransaction(tx, {
      type: "admin.demo_seeded", reason: "toolgate demo",
      details: { resource, clients: clients.map((c) => c.id), serverClient: serverCredentials.clientId },
    });
    return { resource, clients, keptClients, server: serverCredentials };
  });
}

export function describeDemo(demo: DemoCredentials, issuer: string, envFile?: string): string {
  const lines = [
    "",
    "  Demo research server seeded",
    `    resource: ${demo.resource}  (tools browse, export, purge)`,
    ...demo.clients.map((c) => `    ${c.id.padEnd(13)} secret ${c.secret}  (role ${c.role})`),
    ...demo.keptClients.map((c) => `    ${c.id.padEnd(13)} existed already: its secret is unchanged  (role ${c.role})`),
    "  Try:",
    `    curl -s -u demo-analyst:<secret> -d grant_type=client_credentials -d resource=${demo.resource} ${issuer}/token`,
    envFile
      ? `  The research server's own credentials, written to ${envFile} (\`pnpm start\` there reads them):`
      : "  The research server's own credentials — put them in examples/research-server/.env:",
    `    TOOLGATE_ISSUER=${issuer}`,
    `    RESOURCE=${demo.resource}`,
    `    TOOLGATE_CLIENT_ID=${demo.server.clientId}`,
    `    TOOLGATE_CLIENT_SECRET=${demo.server.clientSecret}`,
    "  These secrets are not shown again.",
    "",
  ];
  return `${lines.join("\n")}\n`;
}
