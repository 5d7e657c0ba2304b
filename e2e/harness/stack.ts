import { createServer, type Server } from "node:http";
import { expect } from "vitest";
import { startTestServer, type TestServer } from "../../apps/server/test/helpers/test-server.js";
import { adminApi, adminToken, type AdminApi } from "../../apps/server/test/helpers/admin-api.js";
import { freePort } from "../../apps/server/test/helpers/free-port.js";
import { createToolgate } from "@toolgate/sdk";
import { createGateway } from "@toolgate/sdk/gateway";
import { startDocumentHost, trustingFetch, type DocumentHost } from "./cimd-documents.js";
import { closeHttp, startAuthFreeResearchServer, startResearchExample } from "./research-example.js";

/** The tools of the research server of the "Securing MCP" pattern, and the scope each needs. */
export const RESEARCH_TOOLS = { browse: "research:browse", export: "research:export", purge: "research:purge" } as const;
const BROWSE_SCHEMA = { type: "object", properties: { query: { type: "string", maxLength: 200 } }, required: ["query"], additionalProperties: false };

/** An MCP endpoint Toolgate protects: the example (the SDK in the server) or the gateway in front of an auth-free server. */
export interface Target {
  name: "example" | "gateway";
  resource: string;
  /** Where its Protected Resource Metadata is (RFC 9728 path-inserted form). */
  prmUrl: string;
  serverId: string;
}

export interface User {
  id: string;
  email: string;
  password: string;
}

/**
 * Everything the end-to-end flows run against, each over real HTTP on loopback: Toolgate (real
 * PostgreSQL, a database of its own) with the research server registered twice through the admin
 * API — once for the example research server (examples/research-server, protected by the SDK),
 * once for `createGateway` in front of an auth-free copy of it — roles `analyst` (browse, export)
 * and `research-admin` (all three), `research-admin` the default role of each server — the ceiling
 * of what a self-registered client may carry for a user, whose own roles then decide (as
 * `toolgate demo` seeds it; docs/tokens.md) — and an https host for Client ID Metadata Documents.
 */
export async function startStack() {
  const documents: DocumentHost = await startDocumentHost();
  // Toolgate's log lines (at info, as in production): no secret of the run may appear in one.
  const logLines: string[] = [];
  const secrets = new Set<string>();
  const toolgate: TestServer = await startTestServer({
    env: { TOOLGATE_CIMD_ALLOW_PRIVATE_ADDRESSES: "true", LOG_LEVEL: "info" },
    fetch: await trustingFetch(),
    logStream: { write: (line) => void logLines.push(line) },
  });
  const api: AdminApi = adminApi(toolgate, await adminToken(toolgate));
  const closers: Array<() => Promise<void>> = [];

  async function register(name: Target["name"], displayName: string) {
    const port = await freePort();
    const resource = `http://127.0.0.1:${port}/mcp`;
    const created = await api.post("/servers", { resourceUri: resource, name: displayName, scopes: Object.values(RESEARCH_TOOLS).map((scope) => ({ name: scope })) });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const scopes = created.body.scopes as { id: string; name: string }[];
    const scopeId = (scope: string) => scopes.find((s) => s.name === scope)!.id;
    for (const [tool, scope] of Object.entries(RESEARCH_TOOLS)) {
      const schema = tool === "browse" ? BROWSE_SCHEMA : { type: "object" };
      // browse and export are read-only, as `toolgate demo` and a tools import of the example's
      // annotations mark them: their scopes are the server's minimal ones (the 401's `scope`).
      const added = await api.post(`/servers/${created.body.id}/tools`, { name: tool, scopeId: scopeId(scope), inputSchema: schema, readOnly: tool !== "purge" });
      expect(added.status, JSON.stringify(added.body)).toBe(201);
    }
    const credentials = (await api.post(`/servers/${created.body.id}/credentials`)).body as { clientId: string; clientSecret: string };
    secrets.add(credentials.clientSecret);
    const target: Target = { name, resource, prmUrl: `http://127.0.0.1:${port}/.well-known/oauth-protected-resource/mcp`, serverId: created.body.id, };
    return { target, scopeId, credentials };
  }

  const example = await register("example", "Research (example)");
  const gateway = await register("gateway", "Research (gateway)");
  const both = (scopes: string[]) => [example, gateway].flatMap((s) => scopes.map(s.scopeId));
  const analyst = (await api.post("/roles", { name: "analyst", scopeIds: both(["research:browse", "research:export"]) })).body as { id: string };
  const researchAdmin = (await api.post("/roles", { name: "research-admin", scopeIds: both(Object.values(RESEARCH_TOOLS)) })).body as { id: string };
  for (const s of [example, gateway]) {
    const { version } = (await api.get(`/servers/${s.target.serverId}`)).body;
    const patched = await api.patch(`/servers/${s.target.serverId}`, { defaultRoleId: researchAdmin.id, version });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
  }

  // The example research server, started by its own wiring.
  const exampleServer = await startResearchExample({ issuer: toolgate.url, resource: example.target.resource, credentials: example.credentials });
  closers.push(() => exampleServer.close());

  // The gateway: an auth-free research server, and createGateway (what `toolgate-gateway` runs) in front.
  const upstream = await startAuthFreeResearchServer(await freePort());
  closers.push(() => upstream.close());
  const gatewayToolgate = createToolgate({ issuer: toolgate.url, resource: gateway.target.resource, credentials: gateway.credentials, onError: () => {} });
  await gatewayToolgate.ready();
  const gatewayHttp: Server = createServer(createGateway(gatewayToolgate, { upstream: upstream.url }));
  await new Promise<void>((resolve) => gatewayHttp.listen(Number(new URL(gateway.target.resource).port), "127.0.0.1", resolve));
  closers.push(async () => {
    await closeHttp(gatewayHttp);
    await gatewayToolgate.close();
  });

  let users = 0;
  /** A user with the analyst role, as the admin creates one in the console. */
  async function createUser(label: string): Promise<User> {
    const user = { email: `${label.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${++users}@example.com`, password: `password of ${label} ${users}` };
    const created = await api.post("/users", { ...user, roleIds: [analyst.id] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    secrets.add(user.password);
    return { ...user, id: created.body.id };
  }

  /** The admin gives a user, or a client, the research-admin role as well (console → Users / Clients). */
  async function grantAdmin(kind: "users" | "clients", id: string): Promise<void> {
    const path = `/${kind}/${encodeURIComponent(id)}`;
    const row = (await api.get(path)).body;
    const patched = await api.patch(path, { roleIds: [analyst.id, researchAdmin.id], version: row.version });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
  }

  /** The admin disables a client (console → Clients); resolves with the time the admin API answered. */
  async function disableClient(id: string): Promise<number> {
    const path = `/clients/${encodeURIComponent(id)}`;
    const row = (await api.get(path)).body;
    const patched = await api.patch(path, { status: "disabled", version: row.version });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    return Date.now();
  }

  return {
    toolgate,
    api,
    documents,
    targets: { example: example.target, gateway: gateway.target },
    /** The requests the auth-free server behind the gateway received (headers), in order. */
    upstreamSeen: upstream.seen,
    roles: { analyst, researchAdmin },
    createUser,
    grantAdmin,
    /**
     * Fails when any secret of the run — the users' passwords, the servers' client secrets, and
     * `issued` (tokens, codes, agent secrets the clients obtained) — appears in a log line.
     */
    expectNoSecretsLogged(issued: Iterable<string>) {
      expect(logLines.length, "Toolgate logged nothing: the check would prove nothing").toBeGreaterThan(0);
      const all = [...secrets, ...issued].filter((secret) => secret.length >= 8);
      const leaks = all.filter((secret) => logLines.some((line) => line.includes(secret)));
      expect(leaks.map((secret) => `${secret.slice(0, 6)}… (${secret.length} characters)`)).toEqual([]);
      return all.length;
    },
    disableClient,
    async close() {
      for (const close of closers.reverse()) await close().catch(() => {});
      await toolgate.close();
      await documents.close();
    },
  };
}

export type Stack = Awaited<ReturnType<typeof startStack>>;
