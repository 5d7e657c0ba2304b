import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SignJWT, importJWK } from "jose";
import { startWithAdminApi, type AdminApi } from "./helpers/admin-api.js";
import { TEST_ADMIN, type TestServer } from "./helpers/test-server.js";
import { authorize, basicAuth, beginAuthorization, csrfFrom, decodeJwt, expectOAuthError, form, json, tokenRequest, type AuthorizeResult } from "./helpers/oauth.js";
import { ADMIN_ROLE_NAME, ADMIN_SCOPE, adminApiResource } from "../src/domain/built-ins.js";
import { DEFAULT_ROLE_SETTING } from "../src/domain/default-roles.js";

/**
 * What a self-registered client may carry for a user (docs/tokens.md, "Which scopes"): up to the
 * user's own roles, within the server's default role as a ceiling read live; never
 * administrative scopes; a step-up that can never succeed ends with a page and an error.
 */
const RESEARCH = "https://research.grants.example/mcp";
const SIDE = "https://side.grants.example/mcp";
const BARE = "https://bare.grants.example/mcp";
const REDIRECT = "http://127.0.0.1:6274/oauth/callback";
const ALL = "r:browse r:export r:purge";

let server: TestServer;
let api: AdminApi;
let research: { id: string; version: number; scopes: { id: string; name: string }[] };
const roles: Record<string, { id: string }> = {};
const users: Record<string, { id: string; email: string; password: string }> = {};

const scopeIds = (srv: { scopes: { id: string; name: string }[] }, ...names: string[]) => names.map((n) => srv.scopes.find((s) => s.name === n)!.id);

async function register(body: Record<string, unknown> = {}): Promise<string> {
  const res = await fetch(`${server.url}/reg`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ client_name: "Step-up client", redirect_uris: [REDIRECT], token_endpoint_auth_method: "none", application_type: "native", ...body }),
  });
  const out = await json(res);
  expect(res.status, JSON.stringify(out)).toBe(201);
  return String(out.client_id);
}

async function setCeiling(roleId: string | null) {
  const current = (await api.get(`/servers/${research.id}`)).body;
  expect((await api.patch(`/servers/${research.id}`, { defaultRoleId: roleId, version: current.version })).status).toBe(200);
}

async function codeToTokens(clientId: string, flow: AuthorizeResult) {
  const code = flow.callback.searchParams.get("code");
  expect(code, flow.callback.toString()).toBeTruthy();
  const res = await tokenRequest(server.url, { grant_type: "authorization_code", code: code!, code_verifier: flow.verifier, redirect_uri: REDIRECT, client_id: clientId });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { access_token: string; refresh_token?: string; scope: string };
}

beforeAll(async () => {
  ({ server, api } = await startWithAdminApi({ env: { TOOLGATE_DCR_RATE_LIMIT: "1000" } }));
  research = (await api.post("/servers", { resourceUri: RESEARCH, name: "Research", scopes: [{ name: "r:browse" }, { name: "r:export" }, { name: "r:purge" }] })).body;
  const side = (await api.post("/servers", { resourceUri: SIDE, name: "Side", scopes: [{ name: "side:read" }] })).body;
  await api.post("/servers", { resourceUri: BARE, name: "Bare", scopes: [{ name: "bare:read" }] });
  roles.analyst = (await api.post("/roles", { name: "g-analyst", scopeIds: scopeIds(research, "r:browse", "r:export") })).body;
  roles.admin = (await api.post("/roles", { name: "g-admin", scopeIds: scopeIds(research, "r:browse", "r:export", "r:purge") })).body;
  // One role spanning two servers, the default of only one of them.
  roles.spanning = (await api.post("/roles", { name: "g-spanning", scopeIds: [...scopeIds(research, "r:browse"), ...scopeIds(side, "side:read")] })).body;
  await setCeiling(roles.admin!.id);
  for (const name of ["alice", "carol", "dave"]) {
    const u = { email: `${name}@grants.example`, password: `${name}-password-123` };
    const role = roles.analyst!.id;
    users[name] = { ...u, id: (await api.post("/users", { ...u, roleIds: [role, roles.spanning!.id] })).body.id };
  }
});
afterAll(async () => {
  await server?.close();
});

describe("what a self-registered client may carry for a user", () => {
  it("is the user's own roles within the server's default role; a new role reaches it through a refresh that asks to authorize again (step-up)", async () => {
    const alice = users.alice!;
    const clientId = await register();
    expect((await api.get(`/clients/${encodeURIComponent(clientId)}`)).body.roles).toEqual([]);

    const first = await authorize(server.url, { clientId, redirectUri: REDIRECT, resource: RESEARCH, scope: ALL, user: alice });
    expect(first.consentPage).toContain("Also asked for, and not granted");
    expect(first.consentPage).toContain("r:purge: your account has no role that includes it");
    const tokens = await codeToTokens(clientId, first);
    expect(tokens.scope).toBe("r:browse r:export");
    // Refresh tokens do not depend on offline_access.
    expect(tokens.refresh_token).toBeTypeOf("string");
    const same = await tokenRequest(server.url, { grant_type: "refresh_token", refresh_token: tokens.refresh_token!, client_id: clientId });
    expect(same.status, JSON.stringify(same.body)).toBe(200);
    expect(same.body.scope).toBe("r:browse r:export");

    // The admin gives Alice the role with purge: the refresh cannot widen (RFC 6749 §6) and says so…
    expect((await api.put(`/users/${alice.id}/roles/${roles.admin!.id}`)).status).toBe(200);
    const stale = await tokenRequest(server.url, { grant_type: "refresh_token", refresh_token: String(same.body.refresh_token), client_id: clientId });
    expectOAuthError(stale, "invalid_grant");
    expect(stale.body.error_description).toContain("r:purge");
    // …and the new authorization asks for it and grants it.
    const again = await authorize(server.url, { clientId, redirectUri: REDIRECT, resource: RESEARCH, scope: ALL, user: alice, jar: first.jar });
    expect(again.consentShown).toBe(true);
    expect(again.consentPage).not.toContain("not granted");
    const stepped = await codeToTokens(clientId, again);
    expect(stepped.scope).toBe(ALL);
    expect(decodeJwt(stepped.access_token).payload.scope).toBe(ALL);
    // Later refreshes keep it (the earlier refusal no longer overrides the grant).
    const kept = await tokenRequest(server.url, { grant_type: "refresh_token", refresh_token: stepped.refresh_token!, client_id: clientId });
    expect(kept.body.scope).toBe(ALL);

    // The ceiling is read live: lowering the server's default role narrows the next token…
    await setCeiling(roles.analyst!.id);
    try {
      const narrowed = await tokenRequest(server.url, { grant_type: "refresh_token", refresh_token: String(kept.body.refresh_token), client_id: clientId });
      expect(narrowed.status, JSON.stringify(narrowed.body)).toBe(200);
      expect(narrowed.body.scope).toBe("r:browse r:export");
      // …and the consent page names the ceiling as the reason.
      const capped = await authorize(server.url, { clientId, redirectUri: REDIRECT, resource: RESEARCH, scope: ALL, user: alice, jar: first.jar });
      expect(capped.consentPage).toContain("r:purge: this application may not be given it on Research");
    } finally {
      await setCeiling(roles.admin!.id);
    }
  });

  it("ends a step-up that can never succeed with a page naming the scope and why, and invalid_scope for the client", async () => {
    const carol = users.carol!;
    const clientId = await register({ client_name: "Looping client" });
    const first = await authorize(server.url, { clientId, redirectUri: REDIRECT, resource: RESEARCH, scope: "r:browse", user: carol });
    expect((await codeToTokens(clientId, first)).scope).toBe("r:browse");

    // The client answers a 403 insufficient_scope by authorizing again with the wider scope.
    const page = await beginAuthorization(server.url, { clientId, redirectUri: REDIRECT, resource: RESEARCH, scope: "r:browse r:purge", jar: first.jar });
    expect(page.status).toBe(200);
    expect(page.html).toContain("This access can&#39;t be granted");
    expect(page.html).toContain("r:purge: your account has no role that includes it");
    expect(page.html).toContain('name="outcome" value="ungrantable"');
    expect(page.html).toContain("Continue with the access it has");
    const back = await first.jar.fetch(`${page.pageUrl}/deny`, { method: "POST", body: form({ csrf: csrfFrom(page.html), outcome: "ungrantable" }) });
    expect(back.status).toBe(303);
    let location = new URL(back.headers.get("location")!, server.url);
    for (let i = 0; i < 3 && location.origin === new URL(server.url).origin; i++) {
      const next = await first.jar.fetch(location.toString());
      location = new URL(next.headers.get("location")!, location);
    }
    expect(location.searchParams.get("error")).toBe("invalid_scope");
    expect(location.searchParams.get("error_description")).toMatch(/cannot be granted: r:purge: your account has no role/);
    expect(location.searchParams.get("iss")).toBe(server.url);
    await server.toolgate.audit.flush();
    expect(await server.prisma.auditEvent.count({ where: { type: "consent.refused", clientId, reason: "requested scopes cannot be granted" } })).toBe(1);

    // Asking only for what can never be granted: the same page, without "continue".
    const only = await beginAuthorization(server.url, { clientId, redirectUri: REDIRECT, resource: RESEARCH, scope: "r:purge", jar: first.jar });
    expect(only.html).toContain("Nothing it asked for can be granted");
    expect(only.html).not.toContain("Continue with the access it has");
  });

  it("grants through a server's default role only that server's scopes", async () => {
    const dave = users.dave!;
    const side = await server.prisma.mcpServer.findUniqueOrThrow({ where: { resourceUri: SIDE } });
    await server.prisma.mcpServer.update({ where: { id: research.id }, data: { defaultRoleId: roles.spanning!.id } });
    try {
      const clientId = await register({ client_name: "Span client" });
      // Dave holds side:read through g-spanning, the default role of Research only.
      const onSide = await authorize(server.url, { clientId, redirectUri: REDIRECT, resource: SIDE, scope: "side:read", user: dave });
      expect(onSide.callback.searchParams.get("error")).toBe("invalid_scope");
      const onResearch = await authorize(server.url, { clientId, redirectUri: REDIRECT, resource: RESEARCH, scope: "r:browse side:read", user: dave, jar: onSide.jar });
      expect((await codeToTokens(clientId, onResearch)).scope).toBe("r:browse");
      // A server with no default role gives self-registered clients nothing.
      const bare = await authorize(server.url, { clientId, redirectUri: REDIRECT, resource: BARE, user: dave, jar: onSide.jar });
      expect(bare.callback.searchParams.get("error")).toBe("invalid_scope");
      expect(side.defaultRoleId).toBeNull();
    } finally {
      await server.prisma.mcpServer.update({ where: { id: research.id }, data: { defaultRoleId: roles.admin!.id } });
    }
  });
});

describe("administrative scopes are beyond self-registration", () => {
  const adminRole = () => server.prisma.role.findUniqueOrThrow({ where: { name: ADMIN_ROLE_NAME } });

  it("the settings and server APIs refuse a role with administrative scopes as a default role, and say why", async () => {
    const admin = await adminRole();
    const mixed = (await api.post("/roles", { name: "g-mixed", scopeIds: [...scopeIds(research, "r:browse"), ...(await server.prisma.scope.findMany({ where: { name: ADMIN_SCOPE } })).map((s) => s.id)] })).body;
    for (const roleId of [admin.id, mixed.id]) {
      const settings = await api.patch("/settings", { registrationDefaultRoleId: roleId });
      expect(settings.status, JSON.stringify(settings.body)).toBe(400);
      expect(settings.body.code).toBe("validation.failed");
      expect(settings.body.fields[0]).toMatchObject({ path: "registrationDefaultRoleId" });
      expect(settings.body.message).toMatch(/administrative access \(toolgate:admin\)/);
      const current = (await api.get(`/servers/${research.id}`)).body;
      const srv = await api.patch(`/servers/${research.id}`, { defaultRoleId: roleId, version: current.version });
      expect(srv.status).toBe(400);
      expect(srv.body.fields[0]).toMatchObject({ path: "defaultRoleId" });
    }
    expect((await api.get("/settings")).body.registrationDefaultRoleId).toBeNull();
    expect((await api.get(`/servers/${research.id}`)).body.defaultRoleId).toBe(roles.admin!.id);
  });

  it("a self-registered client gets no administrative scope through a default role, an explicit role binding, or consent", async () => {
    const admin = await adminRole();
    // As if set before this rule existed (or straight in the database).
    await server.prisma.setting.upsert({ where: { key: DEFAULT_ROLE_SETTING }, create: { key: DEFAULT_ROLE_SETTING, value: admin.id }, update: { value: admin.id } });
    try {
      const clientId = await register({ client_name: "Admin hopeful" });
      await server.prisma.clientRole.create({ data: { clientId, roleId: admin.id } });
      const flow = await authorize(server.url, { clientId, redirectUri: REDIRECT, resource: adminApiResource(server.url), scope: ADMIN_SCOPE, user: TEST_ADMIN });
      expect(flow.consentShown).toBe(false);
      expect(flow.callback.searchParams.get("error")).toBe("invalid_scope");
      const noScope = await authorize(server.url, { clientId, redirectUri: REDIRECT, resource: adminApiResource(server.url), user: TEST_ADMIN, jar: flow.jar });
      expect(noScope.callback.searchParams.get("error")).toBe("invalid_scope");
    } finally {
      await server.prisma.setting.delete({ where: { key: DEFAULT_ROLE_SETTING } });
    }
  });

  it("token exchange never yields administrative scopes, whatever the exchange policies say", async () => {
    const adminServer = await server.prisma.mcpServer.findFirstOrThrow({ where: { builtIn: true } });
    const creds = (await api.post(`/servers/${research.id}/credentials`)).body;
    await server.prisma.exchangePolicy.create({
      data: { sourceServerId: research.id, targetServerId: adminServer.id, scopes: { create: (await server.prisma.scope.findMany({ where: { serverId: adminServer.id } })).map((s) => ({ scopeId: s.id })) } },
    });
    const adminUser = await server.prisma.user.findUniqueOrThrow({ where: { email: TEST_ADMIN.email } });
    const keys = server.toolgate.deps.host.keys;
    const jwk = keys.jwks.keys.find((k) => k.kid === keys.signing.ES256)!;
    const now = Math.floor(Date.now() / 1000);
    await api.post("/clients", { clientId: "g-exchange-app", name: "Exchange app", redirectUris: [REDIRECT], roleIds: [roles.analyst!.id] });
    const subject = await new SignJWT({ client_id: "g-exchange-app", scope: "r:browse", act: { sub: "g-exchange-app" } })
      .setProtectedHeader({ alg: "ES256", kid: jwk.kid, typ: "at+jwt" }).setIssuer(server.url).setAudience(RESEARCH).setSubject(adminUser.id)
      .setIssuedAt(now).setExpirationTime(now + 300).setJti(`grants-${now}`).sign(await importJWK(jwk, "ES256"));
    const res = await tokenRequest(server.url, {
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange", subject_token: subject,
      subject_token_type: "urn:ietf:params:oauth:token-type:access_token", resource: adminApiResource(server.url),
    }, basicAuth(creds.clientId, creds.clientSecret));
    expectOAuthError(res, "invalid_target");
    expect(res.body.error_description).toMatch(/never issued through token exchange/);
  });

  it("the consent page marks administrative access loudly", async () => {
    const admin = await adminRole();
    await api.post("/clients", { clientId: "g-admin-tool", name: "Admin tool", redirectUris: ["https://admin-tool.example.com/cb"], roleIds: [admin.id] });
    const flow = await authorize(server.url, { clientId: "g-admin-tool", redirectUri: "https://admin-tool.example.com/cb", resource: adminApiResource(server.url), scope: ADMIN_SCOPE, user: TEST_ADMIN, consent: "deny" });
    expect(flow.consentShown).toBe(true);
    expect(flow.consentPage).toContain('class="alert administrative" role="alert"');
    expect(flow.consentPage).toContain("Administrative access.");
    const plain = await authorize(server.url, { clientId: await register({ client_name: "Plain" }), redirectUri: REDIRECT, resource: RESEARCH, user: users.alice!, consent: "deny" });
    expect(plain.consentPage).not.toContain("Administrative access.");
  });
});
