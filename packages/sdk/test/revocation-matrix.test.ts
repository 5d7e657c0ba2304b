import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToolgate, ToolgateError, type Toolgate } from "../src/index.js";
import { createGateway } from "../src/gateway/gateway.js";
import { startTestServer, type TestServer } from "../../../apps/server/test/helpers/test-server.js";
import { adminApi, adminToken, type AdminApi } from "../../../apps/server/test/helpers/admin-api.js";
import { authorize, basicAuth, introspect, tokenRequest } from "../../../apps/server/test/helpers/oauth.js";
import { freePort } from "../../../apps/server/test/helpers/free-port.js";
import { createSecretBox } from "../../../apps/server/src/keys/secret-box.js";
import { rotateSigningKeys } from "../../../apps/server/src/keys/signing-keys.js";
import { addressOf, call, closeServer, listen, rpc } from "./helpers/research-mcp.js";
import { unprotectedResearchServer } from "./helpers/upstream-mcp.js";

/**
 * The revocation contract (docs/resource-server-api.md), as a matrix: every admin or user action
 * that narrows access × every verifier. Before the change each verifier accepts the token (or the
 * tool call); after it, each refuses within the revocation bound of 5 s — polled, with that
 * deadline, against a real Toolgate on PostgreSQL.
 *
 * Every change gets its own MCP server (resource), with its own verifiers: the SDK following the
 * revocation feed, the SDK introspecting every token, the gateway (feed mode) in front of an
 * unprotected MCP server, and Toolgate's introspection endpoint itself.
 */

const BOUND_MS = 5_000;
const EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
const ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";
const USER_TOKEN = "urn:toolgate:params:oauth:token-type:user";

let server: TestServer;
let api: AdminApi;
let seq = 0;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  server = await startTestServer();
  api = adminApi(server, await adminToken(server));
});
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
  await server?.close();
});

async function ok<T = any>(p: Promise<{ status: number; body: T }>, status = [200, 201, 204]): Promise<T> {
  const res = await p;
  if (!status.includes(res.status)) throw new Error(`admin API answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

async function clientCredentials(id: string, secret: string, resource: string): Promise<string> {
  const r = await tokenRequest(server.url, { grant_type: "client_credentials", resource }, basicAuth(id, secret));
  if (r.status !== 200) throw new Error(`token: ${r.status} ${JSON.stringify(r.body)}`);
  return String(r.body.access_token);
}

/** One MCP server with tools browse (x:browse) and purge (x:purge), a role with both, an agent holding it, and its four verifiers. */
async function fixture() {
  const n = ++seq;
  const port = await freePort();
  const resource = `http://127.0.0.1:${port}/mcp`;
  const srv = await ok(api.post("/servers", { resourceUri: resource, name: `Matrix ${n}`, scopes: [{ name: "x:browse" }, { name: "x:purge" }] }));
  const scopeId = (name: string) => (srv.scopes as { id: string; name: string }[]).find((s) => s.name === name)!.id;
  const tools = {
    browse: await ok(api.post(`/servers/${srv.id}/tools`, { name: "browse", scopeId: scopeId("x:browse"), inputSchema: { type: "object" } })),
    purge: await ok(api.post(`/servers/${srv.id}/tools`, { name: "purge", scopeId: scopeId("x:purge"), inputSchema: { type: "object" } })),
  };
  const role = await ok(api.post("/roles", { name: `matrix-${n}`, scopeIds: [scopeId("x:browse"), scopeId("x:purge")] }));
  const created = await ok(api.post("/clients", {
    kind: "agent", name: `Matrix agent ${n}`, authMethod: "client_secret_basic", grantTypes: ["client_credentials", EXCHANGE], roleIds: [role.id],
  }));
  const agent = { id: created.id as string, secret: created.clientSecret as string, version: created.version as number };
  const credentials = await ok<{ clientId: string; clientSecret: string }>(api.post(`/servers/${srv.id}/credentials`));

  const toolgate = (options: Parameters<typeof createToolgate>[0]["revocation"]) => {
    const t = createToolgate({ issuer: server.url, resource, credentials, audit: false, onError: () => {}, revocation: options });
    cleanups.push(() => t.close());
    return t;
  };
  const feed = toolgate("feed");
  const introspecting = toolgate("introspection");
  const behindGateway = toolgate("feed");
  await Promise.all([feed.ready(), introspecting.ready(), behindGateway.ready()]);
  const upstream = await listen(await freePort(), unprotectedResearchServer("json", [], []));
  const gateway = await listen(port, createGateway(behindGateway, { upstream: `${addressOf(upstream)}/mcp` }));
  cleanups.push(() => closeServer(gateway), () => closeServer(upstream));

  return { n, srv, resource, scopeId, tools, role, agent, credentials, feed, introspecting, gateway: `${addressOf(gateway)}/mcp`, agentToken: () => clientCredentials(agent.id, agent.secret, resource) };
}
type Fixture = Awaited<ReturnType<typeof fixture>>;

/** A user with the fixture's role who signed in to an application client that also holds it. */
async function userToken(f: Fixture) {
  const user = { email: `user-${f.n}@example.com`, password: `password-of-user-${f.n}` };
  const u = await ok(api.post("/users", { ...user, roleIds: [f.role.id] }));
  const redirect = `http://127.0.0.1:${await freePort()}/callback`;
  const app = await ok(api.post("/clients", { clientId: `matrix-app-${f.n}`, name: `Matrix app ${f.n}`, redirectUris: [redirect], roleIds: [f.role.id] }));
  const flow = await authorize(server.url, { clientId: app.id, redirectUri: redirect, resource: f.resource, user });
  const res = await tokenRequest(server.url, {
    grant_type: "authorization_code", code: flow.callback.searchParams.get("code")!, code_verifier: flow.verifier, redirect_uri: redirect, client_id: app.id,
  });
  if (res.status !== 200) throw new Error(`code: ${res.status} ${JSON.stringify(res.body)}`);
  return { user: { id: u.id as string, version: u.version as number }, clientId: app.id as string, token: String(res.body.access_token) };
}

type Verdict = "accepted" | "refused";
interface Verifier {
  name: string;
  /** Whether this verifier lets `token` call `tool` (browse unless stated). */
  verdict(f: Fixture, token: string, tool: string): Promise<Verdict>;
}

const byToolgate = (pick: (f: Fixture) => Toolgate) => async (f: Fixture, token: string, tool: string): Promise<Verdict> => {
  const toolgate = pick(f);
  try {
    const authInfo = await toolgate.verifyAccessToken(token);
    return toolgate.checkToolCall(authInfo, tool, {}) ? "refused" : "accepted";
  } catch (err) {
    if (err instanceof ToolgateError) return "refused";
    throw err;
  }
};

const VERIFIERS: Verifier[] = [
  {
    name: "introspection",
    async verdict(f, token) {
      const answer = await introspect(server.url, token, basicAuth(f.credentials.clientId, f.credentials.clientSecret));
      return answer.active === true ? "accepted" : "refused";
    },
  },
  { name: "SDK, feed mode", verdict: byToolgate((f) => f.feed) },
  { name: "SDK, introspection mode", verdict: byToolgate((f) => f.introspecting) },
  {
    name: "gateway",
    async verdict(f, token, tool) {
      const res = await rpc(f.gateway, token, call(tool, {}), { "mcp-protocol-version": "2025-06-18" });
      if (res.status === 200) return "accepted";
      if (res.status === 401 || res.status === 403 || res.status === 503) return "refused";
      throw new Error(`gateway answered ${res.status}: ${JSON.stringify(res.body)}`);
    },
  },
];

interface Change {
  name: string;
  /** Issues the token(s) the change affects; returns the token and, later, the change itself. */
  prepare(f: Fixture): Promise<{ token: string; tool?: string; change: () => Promise<unknown> }>;
  /** Verifiers for which the change does not apply to the token itself (documented in docs/resource-server-api.md). */
  notApplicable?: string[];
}

const CHANGES: Change[] = [
  {
    name: "a client (agent) disabled",
    async prepare(f) {
      return { token: await f.agentToken(), change: () => ok(api.patch(`/clients/${f.agent.id}`, { status: "disabled", version: f.agent.version })) };
    },
  },
  {
    name: "a client deleted",
    async prepare(f) {
      return { token: await f.agentToken(), change: () => ok(api.delete(`/clients/${f.agent.id}`)) };
    },
  },
  {
    name: "a client secret rotated without grace period",
    async prepare(f) {
      return { token: await f.agentToken(), change: () => ok(api.post(`/clients/${f.agent.id}/secret`, { graceSeconds: 0 })) };
    },
  },
  {
    name: "a client secret rotated, grace period over",
    async prepare(f) {
      const token = await f.agentToken();
      await ok(api.post(`/clients/${f.agent.id}/secret`, { graceSeconds: 3600 }));
      // The grace period ends now (as the clock would make it): after the token was issued, as in life.
      return { token, change: () => server.prisma.client.update({ where: { id: f.agent.id }, data: { previousSecretExpiresAt: new Date() } }) };
    },
  },
  {
    name: "a role removed from an agent",
    async prepare(f) {
      return { token: await f.agentToken(), change: () => ok(api.delete(`/clients/${f.agent.id}/roles/${f.role.id}`)) };
    },
  },
  {
    name: "an agent's roles replaced by others",
    async prepare(f) {
      const other = await ok(api.post("/roles", { name: `matrix-${f.n}-other`, scopeIds: [] }));
      return { token: await f.agentToken(), change: () => ok(api.patch(`/clients/${f.agent.id}`, { roleIds: [other.id], version: f.agent.version })) };
    },
  },
  {
    name: "a role removed from a user",
    async prepare(f) {
      const { user, token } = await userToken(f);
      return { token, change: () => ok(api.delete(`/users/${user.id}/roles/${f.role.id}`)) };
    },
  },
  {
    name: "a scope removed from a role",
    async prepare(f) {
      const role = await ok(api.get(`/roles/${f.role.id}`));
      return {
        token: await f.agentToken(),
        tool: "purge",
        change: () => ok(api.patch(`/roles/${f.role.id}`, { scopeIds: [f.scopeId("x:browse")], version: role.version })),
      };
    },
  },
  {
    name: "a role deleted",
    async prepare(f) {
      return { token: await f.agentToken(), change: () => ok(api.delete(`/roles/${f.role.id}`)) };
    },
  },
  {
    name: "an MCP server's resource URI changed",
    async prepare(f) {
      return {
        token: await f.agentToken(),
        change: async () => {
          const { version } = await ok(api.get(`/servers/${f.srv.id}`));
          return ok(api.patch(`/servers/${f.srv.id}`, { resourceUri: `https://renamed-${f.n}.example.com/mcp`, version }));
        },
      };
    },
  },
  {
    name: "an MCP server deleted",
    async prepare(f) {
      return { token: await f.agentToken(), change: () => ok(api.delete(`/servers/${f.srv.id}?force=true`)) };
    },
  },
  {
    name: "a tool's scope changed",
    // The token is as good as before; the call it may make is not (the tool map is the resource server's).
    notApplicable: ["introspection"],
    async prepare(f) {
      // A token that has browse only; browse then requires purge.
      const r = await tokenRequest(server.url, { grant_type: "client_credentials", resource: f.resource, scope: "x:browse" }, basicAuth(f.agent.id, f.agent.secret));
      return {
        token: String(r.body.access_token),
        change: () => ok(api.patch(`/tools/${f.tools.browse.id}`, { scopeId: f.scopeId("x:purge"), version: f.tools.browse.version })),
      };
    },
  },
  {
    name: "a user disabled",
    async prepare(f) {
      const { user, token } = await userToken(f);
      return { token, change: () => ok(api.patch(`/users/${user.id}`, { status: "disabled", version: user.version })) };
    },
  },
  {
    name: "a user deleted",
    async prepare(f) {
      const { user, token } = await userToken(f);
      return { token, change: () => ok(api.delete(`/users/${user.id}`)) };
    },
  },
  {
    name: "a consent revoked",
    async prepare(f) {
      const { user, token } = await userToken(f);
      const consents = await ok(api.get(`/consents?userId=${user.id}`));
      return { token, change: () => ok(api.delete(`/consents/${consents.items[0].id}`)) };
    },
  },
  {
    name: "a delegation narrowed",
    async prepare(f) {
      const { user } = await userToken(f);
      const delegation = await ok(api.post("/delegations", { userId: user.id, agentId: f.agent.id, scopes: ["x:browse", "x:purge"] }));
      const r = await tokenRequest(server.url, {
        grant_type: EXCHANGE, subject_token: user.id, subject_token_type: USER_TOKEN,
        actor_token: await f.agentToken(), actor_token_type: ACCESS_TOKEN, resource: f.resource,
      }, basicAuth(f.agent.id, f.agent.secret));
      if (r.status !== 200) throw new Error(`on-behalf-of: ${r.status} ${JSON.stringify(r.body)}`);
      return {
        token: String(r.body.access_token),
        tool: "purge",
        change: () => ok(api.patch(`/delegations/${delegation.id}`, { scopes: ["x:browse"] })),
      };
    },
  },
  {
    name: "an exchange policy narrowed",
    async prepare(f) {
      const { token, policy } = await exchangedToken(f);
      return { token, tool: "purge", change: () => ok(api.put(`/exchange-policies/${policy.id}`, { scopeIds: [f.scopeId("x:browse")] })) };
    },
  },
  {
    name: "an upstream MCP server's credentials replaced",
    async prepare(f) {
      const { token, source } = await exchangedToken(f);
      return { token, change: () => ok(api.post(`/servers/${source.id}/credentials`)) };
    },
  },
  {
    name: "a self-registered client denied for a server it was approved for",
    async prepare(f) {
      const { version } = await ok(api.get(`/servers/${f.srv.id}`));
      await ok(api.patch(`/servers/${f.srv.id}`, { requireApproval: true, version }));
      // Self-registered: only the kind matters to the approval rule.
      await server.prisma.client.update({ where: { id: f.agent.id }, data: { kind: "dcr" } });
      await ok(api.put(`/clients/${f.agent.id}/approvals/${f.srv.id}`, { decision: "approve" }));
      return { token: await f.agentToken(), change: () => ok(api.put(`/clients/${f.agent.id}/approvals/${f.srv.id}`, { decision: "deny" })) };
    },
  },
  {
    // Last: it withdraws the keys every other row's tokens were signed with.
    name: "a signing key withdrawn",
    async prepare(f) {
      return {
        token: await f.agentToken(),
        change: () => rotateSigningKeys(server.prisma, createSecretBox(server.toolgate.deps.secret, "signing-keys"), {
          propagationSeconds: 0, maxTokenLifetime: 3600, withdrawNow: true,
        }),
      };
    },
  },
];

/** An upstream MCP server that received a user's token exchanged it for one to the fixture's server. */
async function exchangedToken(f: Fixture) {
  const sourceUri = `https://source-${f.n}.example.com/mcp`;
  const source = await ok(api.post("/servers", { resourceUri: sourceUri, name: `Source ${f.n}`, scopes: [{ name: "s:use" }] }));
  const role = await ok(api.get(`/roles/${f.role.id}`));
  await ok(api.patch(`/roles/${f.role.id}`, { scopeIds: [f.scopeId("x:browse"), f.scopeId("x:purge"), source.scopes[0].id], version: role.version }));
  const sourceCreds = await ok(api.post(`/servers/${source.id}/credentials`));
  const policy = await ok(api.post("/exchange-policies", { sourceServerId: source.id, targetServerId: f.srv.id, scopeIds: [f.scopeId("x:browse"), f.scopeId("x:purge")] }));
  const r = await tokenRequest(server.url, {
    grant_type: EXCHANGE, subject_token: await userTokenFor(f, sourceUri), subject_token_type: ACCESS_TOKEN, resource: f.resource,
  }, basicAuth(sourceCreds.clientId, sourceCreds.clientSecret));
  if (r.status !== 200) throw new Error(`exchange: ${r.status} ${JSON.stringify(r.body)}`);
  return { token: String(r.body.access_token), policy, source };
}

/** A user's token for another resource (the exchange rows' subject token). */
async function userTokenFor(f: Fixture, resource: string): Promise<string> {
  const user = { email: `subject-${f.n}@example.com`, password: `password-of-subject-${f.n}` };
  await ok(api.post("/users", { ...user, roleIds: [f.role.id] }));
  const redirect = `http://127.0.0.1:${await freePort()}/callback`;
  const app = await ok(api.post("/clients", { clientId: `matrix-src-app-${f.n}`, name: `Source app ${f.n}`, redirectUris: [redirect], roleIds: [f.role.id] }));
  const flow = await authorize(server.url, { clientId: app.id, redirectUri: redirect, resource, user });
  const res = await tokenRequest(server.url, {
    grant_type: "authorization_code", code: flow.callback.searchParams.get("code")!, code_verifier: flow.verifier, redirect_uri: redirect, client_id: app.id,
  });
  if (res.status !== 200) throw new Error(`code: ${res.status} ${JSON.stringify(res.body)}`);
  return String(res.body.access_token);
}

/** Polls until refused or the bound has passed since the change; the last verdict. */
async function verdictWithin(deadline: number, poll: () => Promise<Verdict>): Promise<Verdict> {
  for (;;) {
    const verdict = await poll();
    if (verdict === "refused" || Date.now() >= deadline) return verdict;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.each(CHANGES)("$name", (change) => {
  let f: Fixture;
  let token: string;
  let tool: string;
  let deadline: number;

  beforeAll(async () => {
    f = await fixture();
    const prepared = await change.prepare(f);
    token = prepared.token;
    tool = prepared.tool ?? "browse";
    for (const v of VERIFIERS) expect(`${v.name}: ${await v.verdict(f, token, tool)}`).toBe(`${v.name}: accepted`);
    await prepared.change();
    deadline = Date.now() + BOUND_MS;
  }, 30_000);

  it.each(VERIFIERS.filter((v) => !change.notApplicable?.includes(v.name)))("refused by $name within 5 s", async (v) => {
    expect(await verdictWithin(deadline, () => v.verdict(f, token, tool))).toBe("refused");
  });
});
