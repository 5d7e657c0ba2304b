import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadConfig } from "../../apps/server/src/config/load-config.js";
import { createLogger } from "../../apps/server/src/http/logger.js";
import { startToolgate } from "../../apps/server/src/app/start-toolgate.js";
import { hashClientSecret } from "../../apps/server/src/oidc/client-secret.js";
import { benchDatabase } from "../lib/database.js";

/** Toolgate on a fresh database with one MCP server, one role and one agent client. */
const port = Number(process.env.PORT);
const resource = process.env.RESOURCE!;
const db = await benchDatabase();
const dataDir = await mkdtemp(path.join(tmpdir(), "toolgate-bench-"));
const config = loadConfig({
  PORT: String(port), HOST: "127.0.0.1", TOOLGATE_ISSUER: `http://127.0.0.1:${port}`, DATABASE_URL: db.url, TOOLGATE_DATA_DIR: dataDir,
  TOOLGATE_SECRET: "bench-secret-bench-secret-bench-secret-01", TOOLGATE_ADMIN_PASSWORD: "bench-admin-password", LOG_LEVEL: "warn",
});
const toolgate = await startToolgate({ config, log: createLogger("warn"), auditProtocolEvents: process.env.BENCH_AUDIT !== "off" });
const server = await toolgate.prisma.mcpServer.create({
  data: { resourceUri: resource, name: "Research", scopes: { create: [{ name: "research:browse" }, { name: "research:export" }] } },
  include: { scopes: true },
});
const role = await toolgate.prisma.role.create({ data: { name: "analyst", scopes: { create: server.scopes.map((s) => ({ scopeId: s.id })) } } });
await toolgate.prisma.client.create({
  data: {
    id: "bench-agent", kind: "agent", name: "bench", secretHash: hashClientSecret(process.env.CLIENT_SECRET!),
    metadata: { grant_types: ["client_credentials"], response_types: [], redirect_uris: [], token_endpoint_auth_method: "client_secret_basic" },
    roles: { create: [{ roleId: role.id }] },
  },
});
process.stdout.write(`READY ${JSON.stringify({ url: toolgate.url, database: db.label })}\n`);
process.on("SIGTERM", async () => {
  await toolgate.close();
  await db.drop();
  await rm(dataDir, { recursive: true, force: true });
  process.exit(0);
});
