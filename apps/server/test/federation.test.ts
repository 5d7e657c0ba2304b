import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/test-server.js";
import { adminApi, adminToken } from "./helpers/admin-api.js";
import { authorize, beginAuthorization, csrfFrom, form, tokenRequest } from "./helpers/oauth.js";
import { CookieJar } from "./helpers/cookie-jar.js";

const RESOURCE = "https://federated.example.com/mcp";
const REDIRECT = "http://127.0.0.1:7777/callback";
/** Two Toolgates: `upstream` plays the company IdP (on "localhost", so cookies stay apart). */
let upstream: TestServer;
let primary: TestServer;
let primaryApi: ReturnType<typeof adminApi>;
let idpId: string;
const upstreamUser = { email: "fed@company.com", password: "upstream-password-1" };
const outsider = { email: "someone@elsewhere.org", password: "upstream-password-2" };

beforeAll(async () => {
  [upstream, primary] = await Promise.all([startTestServer({ hostname: "localhost" }), startTestServer()]);
  const upApi = adminApi(upstream, await adminToken(upstream));
  const downstream = await upApi.post("/clients", {
    clientId: "toolgate-primary", name: "Primary Toolgate", authMethod: "client_secret_basic",
    redirectUris: [`${primary.url}/federation/callback`], grantTypes: ["authorization_code"], firstParty: true,
  });
  expect(downstream.status, JSON.stringify(downstream.body)).toBe(201);
  await upApi.post("/users", { ...upstreamUser, name: "Fed User", username: "fed" });
  await upApi.post("/users", outsider);

  primaryApi = adminApi(primary, await adminToken(primary));
  const srv = (await primaryApi.post("/servers", { resourceUri: RESOURCE, name: "Federated", scopes: [{ name: "fed:read" }] })).body;
  const role = (await primaryApi.post("/roles", { name: "fed-reader", scopeIds: [srv.scopes[0].id] })).body;
  await primaryApi.post("/clients", { clientId: "app", name: "App", redirectUris: [REDIRECT], roleIds: [role.id] });
  const idp = await primaryApi.post("/identity-providers", {
    slug: "company", name: "Company SSO", issuer: upstream.url, clientId: "toolgate-primary", clientSecret: downstream.body.clientSecret,
  });
  expect(idp.status, JSON.stringify(idp.body)).toBe(201);
  idpId = idp.body.id;
});
afterAll(async () => {
  await primary?.close();
  await upstream?.close();
});

const viaUpstream = (user: { email: string; password: string }, jar?: CookieJar) =>
  authorize(primary.url, {
    clientId: "app", redirectUri: REDIRECT, resource: RESOURCE, jar,
    federate: { slug: "company", upstream: upstream.url, user },
  });

describe("upstream OpenID Connect federation", () => {
  it("signs a user in at the upstream provider and creates the account just in time", async () => {
    // New users have no roles: the first authorization can grant nothing yet.
    const first = await viaUpstream(upstreamUser);
    expect(first.callback.searchParams.get("error")).toBe("invalid_scope");

    const user = await primary.prisma.user.findUniqueOrThrow({ where: { email: "fed@company.com" }, include: { identities: true } });
    expect(user).toMatchObject({ name: "Fed User", username: "fed", passwordHash: null });
    const upstreamUserRow = await upstream.prisma.user.findUniqueOrThrow({ where: { email: "fed@company.com" } });
    expect(user.identities).toEqual([expect.objectContaining({ providerId: idpId, subject: upstreamUserRow.id })]);
    await primary.toolgate.audit.flush();
    expect(await primary.prisma.auditEvent.count({ where: { type: "user.provisioned", subject: user.id } })).toBe(1);

    // Once an admin gives the user a role, the same sign-in yields a token.
    const role = (await primaryApi.get("/roles?q=fed-reader")).body.items[0];
    await primaryApi.put(`/users/${user.id}/roles/${role.id}`);
    const flow = await viaUpstream(upstreamUser);
    expect(flow.consentShown).toBe(true);
    const code = flow.callback.searchParams.get("code");
    expect(code, flow.callback.toString()).toBeTruthy();
    const token = await tokenRequest(primary.url, { grant_type: "authorization_code", code: code!, code_verifier: flow.verifier, redirect_uri: REDIRECT, client_id: "app" });
    expect(token.body.scope).toBe("fed:read");
  });

  it("links the same upstream identity on the next sign-in instead of creating another user", async () => {
    await viaUpstream(upstreamUser);
    expect(await primary.prisma.user.count({ where: { email: "fed@company.com" } })).toBe(1);
    expect(await primary.prisma.federatedIdentity.count()).toBe(1);
  });

  it("refuses a domain the sign-in policy does not allow, creating nobody", async () => {
    const rule = (await primaryApi.post("/sign-in-policy/rules", { kind: "email_domain", value: "company.com" })).body;
    try {
      const jar = new CookieJar();
      const page = await beginAuthorization(primary.url, { clientId: "app", redirectUri: REDIRECT, resource: RESOURCE, jar });
      let res = await jar.fetch(`${page.pageUrl}/federated/company`, { method: "POST", body: form({ csrf: csrfFrom(page.html) }) });
      // Follow to the upstream sign-in page, sign in as the outsider, come back.
      for (let i = 0; i < 10 && res.status === 303; i++) {
        const next = new URL(res.headers.get("location")!, upstream.url).toString();
        res = await jar.fetch(next);
        if (res.status === 200 && next.includes("/interaction/")) {
          const html = await res.text();
          const action = html.includes('/login"') ? "login" : "confirm";
          res = await jar.fetch(`${next}/${action}`, { method: "POST", body: form({ email: outsider.email, password: outsider.password, csrf: csrfFrom(html) }) });
        }
        if (new URL(next).pathname === "/federation/callback") break;
      }
      expect(res.status).toBe(403);
      expect(await res.text()).toContain("not allowed to sign in");
      expect(await primary.prisma.user.findUnique({ where: { email: outsider.email } })).toBeNull();
    } finally {
      await primaryApi.delete(`/sign-in-policy/rules/${rule.id}`);
    }
  });

  it("refuses a callback without the browser's pending sign-in, with a forged state, or with an upstream error", async () => {
    const noCookie = await fetch(`${primary.url}/federation/callback?code=abc&state=xyz`);
    expect(noCookie.status).toBe(400);
    expect(await noCookie.text()).toContain("Sign-in failed");

    const jar = new CookieJar();
    const page = await beginAuthorization(primary.url, { clientId: "app", redirectUri: REDIRECT, resource: RESOURCE, jar });
    const started = await jar.fetch(`${page.pageUrl}/federated/company`, { method: "POST", body: form({ csrf: csrfFrom(page.html) }) });
    expect(started.status).toBe(303);
    const upstreamUrl = new URL(started.headers.get("location")!);
    expect(upstreamUrl.searchParams.get("code_challenge_method")).toBe("S256");
    expect(upstreamUrl.searchParams.get("nonce")).toBeTruthy();

    const forged = await jar.fetch(`${primary.url}/federation/callback?code=abc&state=forged&iss=${encodeURIComponent(upstream.url)}`);
    expect(forged.status).toBe(400);

    const jar2 = new CookieJar();
    const page2 = await beginAuthorization(primary.url, { clientId: "app", redirectUri: REDIRECT, resource: RESOURCE, jar: jar2 });
    const started2 = await jar2.fetch(`${page2.pageUrl}/federated/company`, { method: "POST", body: form({ csrf: csrfFrom(page2.html) }) });
    const state = new URL(started2.headers.get("location")!).searchParams.get("state")!;
    const denied = await jar2.fetch(`${primary.url}/federation/callback?error=access_denied&state=${state}`);
    expect(denied.status).toBe(400);
    expect(await denied.text()).toContain("access_denied");

    await primary.toolgate.audit.flush();
    expect(await primary.prisma.auditEvent.count({ where: { type: "login.failed", reason: { startsWith: "state_" } } })).toBeGreaterThanOrEqual(1);
    expect(await primary.prisma.auditEvent.count({ where: { type: "login.failed", reason: { startsWith: "upstream_error" } } })).toBe(1);
  });

  it("explains when the upstream provider cannot be reached", async () => {
    const broken = await primaryApi.post("/identity-providers", { slug: "broken", name: "Broken SSO", issuer: "http://127.0.0.1:9", clientId: "x" });
    const jar = new CookieJar();
    const page = await beginAuthorization(primary.url, { clientId: "app", redirectUri: REDIRECT, resource: RESOURCE, jar });
    const res = await jar.fetch(`${page.pageUrl}/federated/broken`, { method: "POST", body: form({ csrf: csrfFrom(page.html) }) });
    expect(res.status).toBe(502);
    expect(await res.text()).toContain("cannot be reached");
    await primaryApi.delete(`/identity-providers/${broken.body.id}`);
  });
});
