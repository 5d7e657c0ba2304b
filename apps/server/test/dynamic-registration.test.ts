import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/test-server.js";
import { adminApi, adminToken } from "./helpers/admin-api.js";
import { authorize, basicAuth, expectOAuthError, json, tokenRequest, introspect as introspectAt } from "./helpers/oauth.js";

const OPEN = "https://open.example.com/mcp";
const CLOSED = "https://closed.example.com/mcp";
let server: TestServer;
let api: ReturnType<typeof adminApi>;
let openServer: { id: string; scopes: { id: string; name: string }[] };
let closedServer: { id: string; scopes: { id: string; name: string }[] };
const user = { email: "dcr-user@example.com", password: "dcr-user-password" };

const publicClient = (overrides: Record<string, unknown> = {}) => ({
  client_name: "Inspector",
  redirect_uris: ["http://127.0.0.1:6274/oauth/callback"],
  grant_types: ["authorization_code", "refresh_token"],
  response_types: ["code"],
  token_endpoint_auth_method: "none",
  ...overrides,
});

const register = async (body: unknown, headers: Record<string, string> = {}) => {
  const res = await fetch(`${server.url}/reg`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, body: await json(res), headers: res.headers };
};

beforeAll(async () => {
  server = await startTestServer({ env: { TOOLGATE_DCR_RATE_LIMIT: "1000" } });
  api = adminApi(server, await adminToken(server));
  openServer = (await api.post("/servers", { resourceUri: OPEN, name: "Open", scopes: [{ name: "open:read" }, { name: "open:write" }] })).body;
  const reader = (await api.post("/roles", { name: "open-reader", scopeIds: [openServer.scopes.find((s) => s.name === "open:read")!.id] })).body;
  await api.patch(`/servers/${openServer.id}`, { defaultRoleId: reader.id, version: 1 });
  closedServer = (await api.post("/servers", { resourceUri: CLOSED, name: "Closed", requireApproval: true, scopes: [{ name: "closed:read" }] })).body;
  const closedReader = (await api.post("/roles", { name: "closed-reader", scopeIds: [closedServer.scopes[0]!.id] })).body;
  await api.patch(`/servers/${closedServer.id}`, { defaultRoleId: closedReader.id, version: 1 });
  const everything = (await api.post("/roles", { name: "user-everything", scopeIds: [...openServer.scopes, ...closedServer.scopes].map((s) => s.id) })).body;
  await api.post("/users", { ...user, roleIds: [everything.id] });
});
afterAll(async () => {
  await server?.close();
});

async function signInAndToken(clientId: string, resource: string, redirectUri = "http://127.0.0.1:6274/oauth/callback") {
  const flow = await authorize(server.url, { clientId, redirectUri, resource, user });
  const code = flow.callback.searchParams.get("code");
  if (!code) return { flow, token: undefined };
  const token = await tokenRequest(server.url, { grant_type: "authorization_code", code, code_verifier: flow.verifier, redirect_uri: redirectUri, client_id: clientId });
  return { flow, token };
}

describe("Dynamic Client Registration (RFC 7591)", () => {
  it("registers an anonymous client that gets exactly the default role's scopes", async () => {
    const reg = await register(publicClient());
    expect(reg.status).toBe(201);
    expect(reg.body.client_id).toBeTypeOf("string");
    expect(reg.body.registration_access_token).toBeTypeOf("string");
    expect(reg.body.client_secret).toBeUndefined();
    const row = (await api.get(`/clients/${encodeURIComponent(reg.body.client_id)}`)).body;
    // No role of its own: the server's default role is its ceiling, read at every token.
    expect(row).toMatchObject({ kind: "dcr", status: "active", roles: [] });

    const { flow, token } = await signInAndToken(reg.body.client_id, OPEN);
    expect(flow.consentShown).toBe(true);
    expect(flow.consentPage).toContain("badge unverified");
    expect(flow.consentPage).toContain("nobody at your organisation has reviewed it");
    expect(token!.body.scope).toBe("open:read");
    const audit = await server.prisma.auditEvent.findMany({ where: { type: "client.registered", clientId: reg.body.client_id } });
    expect(audit).toHaveLength(1);
  });

  it("accepts a registration naming the MCP server's scopes (as the official MCP SDK sends them); roles still decide", async () => {
    const withResourceScopes = await register(publicClient({ client_name: "SDK client", scope: "open:read open:write" }));
    expect(withResourceScopes.status, JSON.stringify(withResourceScopes.body)).toBe(201);
    expect(withResourceScopes.body.scope).toBeUndefined();
    const { token } = await signInAndToken(withResourceScopes.body.client_id, OPEN);
    expect(token!.body.scope).toBe("open:read");

    const mixed = await register(publicClient({ client_name: "SDK client with OIDC", scope: "openid open:write email" }));
    expect(mixed.status, JSON.stringify(mixed.body)).toBe(201);
    expect(mixed.body.scope).toBe("openid email");
  });

  it("recognises an identical re-registration of a public client instead of piling up clients", async () => {
    const body = publicClient({ client_name: "Claude", redirect_uris: ["https://claude.ai/api/mcp/auth_callback"] });
    const first = await register(body);
    const second = await register(body);
    const third = await register({ ...body, redirect_uris: [...body.redirect_uris].reverse() });
    expect(second.body.client_id).toBe(first.body.client_id);
    expect(third.body.client_id).toBe(first.body.client_id);
    expect(await server.prisma.client.count({ where: { name: "Claude" } })).toBe(1);
    // The registration access token handed out with the repeat reads that client…
    const read = await fetch(`${server.url}/reg/${first.body.client_id}`, { headers: { authorization: `Bearer ${second.body.registration_access_token}` } });
    expect(read.status).toBe(200);
    expect((await register({ ...body, client_name: "Claude 2" })).body.client_id).not.toBe(first.body.client_id);
  });

  it("answers identical registrations arriving together with one client", async () => {
    const body = publicClient({ client_name: "Eager", redirect_uris: ["https://eager.example.com/cb"] });
    const answers = await Promise.all(Array.from({ length: 6 }, () => register(body)));
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(201));
    expect(new Set(answers.map((a) => a.body.client_id)).size).toBe(1);
    expect(await server.prisma.client.count({ where: { name: "Eager" } })).toBe(1);
  });

  it("lets no registrant change or delete a shared registration (whoever sends the same metadata holds a token for it)", async () => {
    const body = publicClient({ client_name: "Shared", redirect_uris: ["https://shared.example.com/cb"] });
    const first = await register(body);
    const second = await register(body);
    expect(second.body.client_id).toBe(first.body.client_id);
    const uri = String(first.body.registration_client_uri);
    for (const token of [first.body.registration_access_token, second.body.registration_access_token]) {
      const auth = { authorization: `Bearer ${token}` };
      const hijack = await fetch(uri, {
        method: "PUT",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ ...body, client_id: first.body.client_id, redirect_uris: ["https://attacker.example.net/cb"] }),
      });
      expect(hijack.status).toBe(403);
      expect((await json(hijack)).error).toBe("invalid_request");
      const remove = await fetch(uri, { method: "DELETE", headers: auth });
      expect(remove.status).toBe(403);
    }
    const row = await server.prisma.client.findUniqueOrThrow({ where: { id: String(first.body.client_id) } });
    expect((row.metadata as { redirect_uris: string[] }).redirect_uris).toEqual(["https://shared.example.com/cb"]);
  });

  it("recognises re-registrations by the metadata a client has after an RFC 7592 update", async () => {
    const before = publicClient({ client_name: "Renamed later", redirect_uris: ["https://renamed.example.com/cb"] });
    const reg = await register(before);
    const after = { ...before, client_name: "Renamed now" };
    const update = await fetch(String(reg.body.registration_client_uri), {
      method: "PUT",
      headers: { authorization: `Bearer ${reg.body.registration_access_token}`, "content-type": "application/json" },
      body: JSON.stringify({ ...after, client_id: reg.body.client_id }),
    });
    expect(update.status).toBe(200);
    expect((await register(after)).body.client_id).toBe(reg.body.client_id);
    expect((await register(before)).body.client_id).not.toBe(reg.body.client_id);
  });

  it("supports registration management (RFC 7592): read, update, delete", async () => {
    const reg = await register({ ...publicClient({ client_name: "Managed" }), token_endpoint_auth_method: "client_secret_basic" });
    expect(reg.body.client_secret).toBeTypeOf("string");
    const uri = reg.body.registration_client_uri;
    const auth = { authorization: `Bearer ${reg.body.registration_access_token}` };
    const read = await fetch(uri, { headers: auth });
    expect(read.status).toBe(200);
    expect((await json(read)).client_secret).toBeUndefined();

    const update = await fetch(uri, {
      method: "PUT",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ ...publicClient({ client_name: "Managed, renamed" }), token_endpoint_auth_method: "client_secret_basic", client_id: reg.body.client_id, client_secret: reg.body.client_secret }),
    });
    expect(update.status, await update.clone().text()).toBe(200);
    const updated = await json(update);
    expect(updated.client_name).toBe("Managed, renamed");
    // The secret still works after the update.
    const intro = await fetch(`${server.url}/token/introspection`, {
      method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", authorization: basicAuth(reg.body.client_id, reg.body.client_secret) }, body: "token=x",
    });
    expect(intro.status).toBe(200);
    const wrongSecret = await fetch(uri, {
      method: "PUT",
      headers: { authorization: `Bearer ${updated.registration_access_token}`, "content-type": "application/json" },
      body: JSON.stringify({ ...publicClient({ client_name: "Hijack" }), token_endpoint_auth_method: "client_secret_basic", client_id: reg.body.client_id, client_secret: "guess" }),
    });
    expect(wrongSecret.status).toBe(400);

    const del = await fetch(uri, { method: "DELETE", headers: { authorization: `Bearer ${updated.registration_access_token}` } });
    expect(del.status).toBe(204);
    expect(await server.prisma.client.findUnique({ where: { id: reg.body.client_id } })).toBeNull();
  });

  it("refuses dangerous or malformed metadata with the spec's error, storing nothing", async () => {
    const before = await server.prisma.client.count();
    const cases: Array<[unknown, string]> = [
      [publicClient({ redirect_uris: ["javascript:alert(1)"] }), "invalid_redirect_uri"],
      [publicClient({ redirect_uris: ["http://evil.com/cb"] }), "invalid_redirect_uri"],
      [publicClient({ redirect_uris: ["https://*.example.com/cb"] }), "invalid_redirect_uri"],
      [publicClient({ redirect_uris: ["https://app.example.com/cb#frag"] }), "invalid_redirect_uri"],
      [publicClient({ redirect_uris: ["data:text/html,hi"] }), "invalid_redirect_uri"],
      [publicClient({ redirect_uris: [] }), "invalid_redirect_uri"],
      [publicClient({ redirect_uris: "https://app.example.com/cb" }), "invalid_redirect_uri"],
      [publicClient({ token_endpoint_auth_method: "client_secret_jwt" }), "invalid_client_metadata"],
      [publicClient({ token_endpoint_auth_method: "tls_client_auth" }), "invalid_client_metadata"],
      [publicClient({ grant_types: ["client_credentials"] }), "invalid_client_metadata"],
      [publicClient({ grant_types: ["implicit"] }), "invalid_client_metadata"],
      [publicClient({ response_types: ["token"] }), "invalid_client_metadata"],
      [publicClient({ client_name: "x".repeat(101) }), "invalid_client_metadata"],
      [publicClient({ client_name: 42 }), "invalid_client_metadata"],
      [publicClient({ logo_uri: "http://insecure.example.com/logo.png" }), "invalid_client_metadata"],
      [publicClient({ logo_uri: "javascript:alert(1)" }), "invalid_client_metadata"],
      [publicClient({ client_uri: "https://user:pass@example.com" }), "invalid_client_metadata"],
      [publicClient({ software_id: "x".repeat(300) }), "invalid_client_metadata"],
    ];
    for (const [body, error] of cases) {
      const res = await register(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error, JSON.stringify(res.body)).toBe(error);
      expect(res.body.error_description).toBeTypeOf("string");
    }
    expect((await register("{nope")).body.error).toBe("invalid_request");
    expect((await register("[]")).body.error).toBe("invalid_request");
    expect((await register(publicClient({ client_name: "x", extra: "y".repeat(60_000) }))).status).toBe(400);
    expect(await server.prisma.client.count()).toBe(before);
  });

  it("cleans control characters out of names shown on the consent page", async () => {
    const reg = await register(publicClient({ client_name: "  Evil\u202eTool\u0007  ", redirect_uris: ["http://127.0.0.1:9/cb"] }));
    expect(reg.status).toBe(201);
    expect(reg.body.client_name).toBe("EvilTool");
  });

  it("treats loopback-only clients as native apps so any loopback port works (RFC 8252 §7.3)", async () => {
    const reg = await register(publicClient({ client_name: "VS Code", redirect_uris: ["http://127.0.0.1:33418/"] }));
    expect(reg.body.application_type).toBe("native");
    const { token } = await signInAndToken(reg.body.client_id, OPEN, "http://127.0.0.1:49152/");
    expect(token!.status).toBe(200);
  });
});

describe("approval for closed servers", () => {
  it("gives a self-registered client no token for a server requiring approval until an admin approves", async () => {
    const reg = await register(publicClient({ client_name: "Needs approval", redirect_uris: ["http://127.0.0.1:7001/cb"] }));
    const refused = await signInAndToken(reg.body.client_id, CLOSED, "http://127.0.0.1:7001/cb");
    expect(refused.flow.callback.searchParams.get("error")).toBe("unauthorized_client");
    expect(refused.flow.callback.searchParams.get("error_description")).toMatch(/approval/);
    const queue = (await api.get("/approvals?status=pending")).body.items;
    expect(queue).toEqual([expect.objectContaining({ clientId: reg.body.client_id, serverId: closedServer.id, status: "pending" })]);

    const approved = await api.put(`/clients/${reg.body.client_id}/approvals/${closedServer.id}`, { decision: "approve" });
    expect(approved.status).toBe(200);
    expect(approved.body.approvals).toEqual([expect.objectContaining({ serverId: closedServer.id, status: "approved" })]);
    expect(approved.body.roles).toEqual([]);
    const { flow, token } = await signInAndToken(reg.body.client_id, CLOSED, "http://127.0.0.1:7001/cb");
    expect(token!.body.scope).toBe("closed:read");
    // Approved by an administrator: the consent page says it was vetted, and how.
    expect(flow.consentPage).toContain("badge verified");
    expect(flow.consentPage).toContain("an administrator approved it for this server");

    await api.put(`/clients/${reg.body.client_id}/approvals/${closedServer.id}`, { decision: "deny" });
    const denied = await signInAndToken(reg.body.client_id, CLOSED, "http://127.0.0.1:7001/cb");
    expect(denied.flow.callback.searchParams.get("error_description")).toMatch(/denied/);
  });
});

describe("revocation of a client", () => {
  it("disabling it makes its tokens inactive at once and publishes it in the revocation feed", async () => {
    const reg = await register(publicClient({ client_name: "Soon disabled", redirect_uris: ["http://127.0.0.1:7002/cb"] }));
    const { token } = await signInAndToken(reg.body.client_id, OPEN, "http://127.0.0.1:7002/cb");
    const creds = (await api.post(`/servers/${openServer.id}/credentials`)).body;
    const introspect = (t: string) => introspectAt(server.url, t, basicAuth(creds.clientId, creds.clientSecret));
    expect((await introspect(String(token!.body.access_token))).active).toBe(true);
    expect((await introspect(String(token!.body.refresh_token))).active).toBe(true);

    const client = (await api.get(`/clients/${reg.body.client_id}`)).body;
    await api.patch(`/clients/${reg.body.client_id}`, { status: "disabled", version: client.version });
    expect(await introspect(String(token!.body.access_token))).toEqual({ active: false });
    expect(await introspect(String(token!.body.refresh_token))).toEqual({ active: false });
    expectOAuthError(await tokenRequest(server.url, { grant_type: "refresh_token", refresh_token: String(token!.body.refresh_token), client_id: reg.body.client_id }), "invalid_client", 401);

    const feed = await fetch(`${server.url}/api/revocations?after=0`, { headers: { authorization: basicAuth(creds.clientId, creds.clientSecret) } });
    const payload = JSON.parse(Buffer.from((await feed.text()).split(".")[1]!, "base64url").toString());
    expect(payload.rules.some((r: { client_id?: string }) => r.client_id === reg.body.client_id)).toBe(true);
    // An identical registration does not bring a disabled client back.
    expect((await register(publicClient({ client_name: "Soon disabled", redirect_uris: ["http://127.0.0.1:7002/cb"] }))).body.error).toBe("invalid_client_metadata");
  });
});

describe("abuse limits", () => {
  it("purges self-registered clients never used within the dormancy period", async () => {
    const reg = await register(publicClient({ client_name: "Dormant", redirect_uris: ["http://127.0.0.1:7003/cb"] }));
    await server.prisma.client.update({ where: { id: reg.body.client_id }, data: { createdAt: new Date(Date.now() - 40 * 86_400_000) } });
    const used = await register(publicClient({ client_name: "Used", redirect_uris: ["http://127.0.0.1:7004/cb"] }));
    await signInAndToken(used.body.client_id, OPEN, "http://127.0.0.1:7004/cb");
    await server.toolgate.usage.flush();
    await server.prisma.client.update({ where: { id: used.body.client_id }, data: { createdAt: new Date(Date.now() - 40 * 86_400_000) } });
    await server.toolgate.runMaintenance();
    expect(await server.prisma.client.findUnique({ where: { id: reg.body.client_id } })).toBeNull();
    expect(await server.prisma.client.findUnique({ where: { id: used.body.client_id } })).not.toBeNull();
    expect(await server.prisma.auditEvent.count({ where: { type: "client.purged", clientId: reg.body.client_id } })).toBe(1);
  });
});

describe("registration modes and rate limits", () => {
  it("limits registrations per address with 429 and Retry-After", async () => {
    const limited = await startTestServer({ env: { TOOLGATE_DCR_RATE_LIMIT: "3" } });
    try {
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 5; i++) {
        last = await fetch(`${limited.url}/reg`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(publicClient({ client_name: `Burst ${i}` })) });
        statuses.push(last.status);
      }
      expect(statuses).toEqual([201, 201, 201, 429, 429]);
      expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
      // OAuth error JSON like every answer of the registration endpoint (RFC 7591 §3.2.2).
      expect(await json(last!)).toMatchObject({ error: "temporarily_unavailable", error_description: expect.stringContaining("too many client registrations") });
      // Reading one's registration is not a registration.
      expect((await fetch(`${limited.url}/reg/x`, { headers: { authorization: "Bearer y" } })).status).toBe(401);
    } finally {
      await limited.close();
    }
  });

  it("shares the registration limit between instances through Redis when REDIS_URL is set", async (ctx) => {
    const redisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
    const probe = await import("node:net").then((net) => new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: new URL(redisUrl).hostname, port: Number(new URL(redisUrl).port || 6379) });
      socket.once("connect", () => { socket.end(); resolve(true); });
      socket.once("error", () => resolve(false));
    }));
    if (!probe) return ctx.skip("no Redis reachable at " + redisUrl);
    // Two instances of one deployment: same issuer (a unique one, so runs do not share counters).
    const env = { TOOLGATE_DCR_RATE_LIMIT: "2", REDIS_URL: redisUrl, TOOLGATE_ISSUER: `http://rl-${Date.now()}.localhost:1` };
    const [a, b] = await Promise.all([startTestServer({ env }), startTestServer({ env })]);
    try {
      const reg = (base: string, i: number) =>
        fetch(`${base}/reg`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(publicClient({ client_name: `Shared ${i}` })) }).then((r) => r.status);
      // Counters are per address and shared: the third registration is refused on either instance.
      const statuses = [await reg(a.listenUrl, 1), await reg(b.listenUrl, 2), await reg(a.listenUrl, 3), await reg(b.listenUrl, 4)];
      expect(statuses.filter((s) => s === 201).length).toBeLessThanOrEqual(2);
      expect(statuses.slice(2)).toEqual([429, 429]);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("requires an initial access token in token mode, and refuses registration when off", async () => {
    const gated = await startTestServer({ env: { TOOLGATE_REGISTRATION: "token" } });
    try {
      const anonymous = await fetch(`${gated.url}/reg`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(publicClient()) });
      expect(anonymous.status).toBe(401);
      const gatedApi = adminApi(gated, await adminToken(gated));
      const iat = await gatedApi.post("/registration-tokens", { expiresInSeconds: 600 });
      expect(iat.status).toBe(201);
      const ok = await fetch(`${gated.url}/reg`, {
        method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${iat.body.token}` }, body: JSON.stringify(publicClient()),
      });
      expect(ok.status).toBe(201);
    } finally {
      await gated.close();
    }
    const off = await startTestServer({ env: { TOOLGATE_REGISTRATION: "off" } });
    try {
      const meta = await json(await fetch(`${off.url}/.well-known/oauth-authorization-server`));
      expect(meta.registration_endpoint).toBeUndefined();
      expect((await fetch(`${off.url}/reg`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(publicClient()) })).status).toBe(404);
    } finally {
      await off.close();
    }
  });
});
