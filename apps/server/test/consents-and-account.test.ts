import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/test-server.js";
import { adminApi, adminToken } from "./helpers/admin-api.js";
import { absolute, authorize, basicAuth, csrfFrom, expectOAuthError, form, json, tokenRequest, introspect as introspectAt } from "./helpers/oauth.js";
import { CookieJar } from "./helpers/cookie-jar.js";

const RESOURCE = "https://consents.example.com/mcp";
const REDIRECT = "http://127.0.0.1:7777/callback";
const alice = { email: "alice@example.com", password: "alice-password-1" };
let server: TestServer;
let api: ReturnType<typeof adminApi>;
let creds: { clientId: string; clientSecret: string };

beforeAll(async () => {
  server = await startTestServer();
  api = adminApi(server, await adminToken(server));
  const srv = (await api.post("/servers", { resourceUri: RESOURCE, name: "Consents", scopes: [{ name: "c:read" }] })).body;
  const role = (await api.post("/roles", { name: "c-reader", scopeIds: [srv.scopes[0].id] })).body;
  await api.post("/clients", { clientId: "app", name: "Consent app", redirectUris: [REDIRECT], roleIds: [role.id] });
  await api.post("/users", { ...alice, roleIds: [role.id] });
  creds = (await api.post(`/servers/${srv.id}/credentials`)).body;
});
afterAll(async () => {
  await server?.close();
});

async function grantAndTokens() {
  const flow = await authorize(server.url, { clientId: "app", redirectUri: REDIRECT, resource: RESOURCE, user: alice });
  const tokens = await tokenRequest(server.url, {
    grant_type: "authorization_code", code: flow.callback.searchParams.get("code")!, code_verifier: flow.verifier, redirect_uri: REDIRECT, client_id: "app",
  });
  expect(tokens.status).toBe(200);
  return tokens.body as { access_token: string; refresh_token: string };
}

const introspect = (token: string) => introspectAt(server.url, token, basicAuth(creds.clientId, creds.clientSecret));

/** Opens /account in a fresh browser and signs in there (through Toolgate's own sign-in page). */
async function openAccount(): Promise<{ jar: CookieJar; html: string }> {
  const jar = new CookieJar();
  let url = `${server.url}/account`;
  let res = await jar.fetch(url);
  for (let i = 0; i < 10; i++) {
    if (res.status === 200) {
      const html = await res.text();
      if (!html.includes('/login"')) return { jar, html };
      res = await jar.fetch(`${url}/login`, { method: "POST", body: form({ ...alice, csrf: csrfFrom(html) }) });
      continue;
    }
    expect(res.status, await res.clone().text()).toBe(303);
    url = absolute(url, res.headers.get("location"));
    res = await jar.fetch(url);
  }
  throw new Error("account page not reached");
}

describe("consents", () => {
  it("users see their consents at /account and revoking one revokes its grant and tokens", async () => {
    const tokens = await grantAndTokens();
    expect((await introspect(tokens.access_token)).active).toBe(true);

    const { jar, html } = await openAccount();
    expect(html).toContain("Signed in as <strong>alice@example.com</strong>");
    expect(html).toContain("Consent app");
    const action = /action="([^"]+\/revoke)"/.exec(html)![1]!;

    const noCsrf = await jar.fetch(`${server.url}${action}`, { method: "POST", body: form({}) });
    expect(noCsrf.status).toBe(403);
    const revoked = await jar.fetch(`${server.url}${action}`, { method: "POST", body: form({ csrf: csrfFrom(html) }) });
    expect(revoked.status).toBe(303);
    const after = await (await jar.fetch(`${server.url}/account`)).text();
    expect(after).toContain("You have not allowed any application");

    expect(await introspect(tokens.access_token)).toEqual({ active: false });
    expectOAuthError(await tokenRequest(server.url, { grant_type: "refresh_token", refresh_token: tokens.refresh_token, client_id: "app" }), "invalid_grant");
    await server.toolgate.audit.flush();
    expect(await server.prisma.auditEvent.count({ where: { type: "consent.revoked", reason: "revoked by the user" } })).toBe(1);

    // The next authorization asks again.
    const again = await authorize(server.url, { clientId: "app", redirectUri: REDIRECT, resource: RESOURCE, user: alice });
    expect(again.consentShown).toBe(true);
  });

  it("admins list consents by user or client and revoke them", async () => {
    const tokens = await grantAndTokens();
    const user = (await api.get("/users?q=alice")).body.items[0];
    const byUser = (await api.get(`/consents?userId=${user.id}`)).body;
    expect(byUser.items).toEqual([expect.objectContaining({ clientId: "app", clientName: "Consent app", userEmail: alice.email, resourceUri: RESOURCE, scopes: ["c:read"] })]);
    const byClient = (await api.get("/consents?clientId=app")).body;
    expect(byClient.total).toBe(1);
    expect((await api.delete(`/consents/${byUser.items[0].id}`)).status).toBe(204);
    expect(await introspect(tokens.access_token)).toEqual({ active: false });
    expect((await api.get(`/consents?userId=${user.id}`)).body.total).toBe(0);
    expect((await api.delete(`/consents/${byUser.items[0].id}`)).status).toBe(404);

    // The event belongs to the user's and the client's history, with the administrator as actor.
    await server.toolgate.audit.flush();
    const events = (await api.get(`/audit?type=consent.revoked&subject=${user.id}&clientId=app`)).body.items;
    const byAdmin = events.filter((e: { actorChain: string[] }) => e.actorChain.length > 0);
    expect(byAdmin).toHaveLength(1);
    expect(byAdmin[0]).toMatchObject({ reason: "revoked by an administrator", resource: RESOURCE, scopes: ["c:read"], details: { consent: byUser.items[0].id } });
    expect(byAdmin[0].actorChain[0]).toBe(byAdmin[0].details.revokedBy);
  });

  it("/account refuses a forged session cookie and signs the visitor in instead", async () => {
    const res = await fetch(`${server.url}/account`, { headers: { cookie: "tg_account=v1.forged" }, redirect: "manual" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toContain("client_id=toolgate-account");
    const callback = await fetch(`${server.url}/account/callback?code=x&state=y`);
    expect(callback.status).toBe(400);
  });
});
