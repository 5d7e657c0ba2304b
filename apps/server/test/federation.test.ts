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
let upApi: ReturnType<typeof adminApi>;
let upstreamSecret: string;
/** The primary's log lines (info): why a federated sign-in failed is logged, not shown. */
const primaryLog: string[] = [];
const upstreamUser = { email: "fed@company.com", password: "upstream-password-1" };
const outsider = { email: "someone@elsewhere.org", password: "upstream-password-2" };
const opsMember = { email: "ops@company.com", password: "upstream-password-3" };
const devMember = { email: "dev@company.com", password: "upstream-password-4" };
const nonceVictim = { email: "nonce@company.com", password: "upstream-password-5" };

beforeAll(async () => {
  [upstream, primary] = await Promise.all([
    startTestServer({ hostname: "localhost" }),
    startTestServer({ env: { LOG_LEVEL: "info" }, logStream: { write: (line) => primaryLog.push(line) } }),
  ]);
  upApi = adminApi(upstream, await adminToken(upstream));
  const downstream = await upApi.post("/clients", {
    clientId: "toolgate-primary", name: "Primary Toolgate", authMethod: "client_secret_basic",
    redirectUris: [`${primary.url}/federation/callback`], grantTypes: ["authorization_code"], firstParty: true,
  });
  expect(downstream.status, JSON.stringify(downstream.body)).toBe(201);
  upstreamSecret = downstream.body.clientSecret;
  await upApi.post("/users", { ...upstreamUser, name: "Fed User", username: "fed" });
  await upApi.post("/users", outsider);
  await upApi.post("/users", { ...opsMember, name: "Ops Person", username: "ops" });
  await upApi.post("/users", { ...devMember, name: "Dev Person", username: "dev" });
  await upApi.post("/users", nonceVictim);

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

/**
 * One federated sign-in in a fresh browser, from the primary's sign-in page through the upstream's
 * sign-in page back to the primary: the answer of the primary's /federation/callback.
 * `tamper` may change the upstream authorization URL before the browser follows it.
 */
async function throughUpstream(slug: string, user: { email: string; password: string }, tamper?: (upstreamUrl: URL) => void): Promise<Response> {
  const jar = new CookieJar();
  const page = await beginAuthorization(primary.url, { clientId: "app", redirectUri: REDIRECT, resource: RESOURCE, jar });
  const started = await jar.fetch(`${page.pageUrl}/federated/${slug}`, { method: "POST", body: form({ csrf: csrfFrom(page.html) }) });
  expect(started.status, await started.clone().text()).toBe(303);
  const first = new URL(started.headers.get("location")!);
  tamper?.(first);
  let next = first.toString();
  let res = await jar.fetch(next);
  for (let hops = 0; hops < 10; hops++) {
    if (new URL(next).origin === new URL(primary.url).origin) return res;
    if (res.status === 200 && new URL(next).pathname.startsWith("/interaction/")) {
      const html = await res.text();
      const action = html.includes('/login"') ? "login" : "confirm";
      res = await jar.fetch(`${next}/${action}`, { method: "POST", body: form({ email: user.email, password: user.password, csrf: csrfFrom(html) }) });
    }
    expect(res.status, `${next}: ${await res.clone().text()}`).toBe(303);
    next = new URL(res.headers.get("location")!, next).toString();
    res = await jar.fetch(next);
  }
  throw new Error("the federated sign-in did not come back to the primary");
}

async function auditOf(type: string) {
  await primary.toolgate.audit.flush();
  return primary.prisma.auditEvent.findMany({ where: { type }, orderBy: { id: "asc" } });
}

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
      const res = await throughUpstream("company", outsider);
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

  it("admits by upstream group and maps claims as configured, reading userinfo for claims the ID token lacks", async () => {
    // Regression: userinfo was read only when the ID token lacked the email, so a groups claim
    // served by userinfo alone (OIDC Core §5.4) was dropped and every group rule refused. The
    // upstream Toolgate's ID token carries `sub` only; mapping the email to `sub` makes the ID
    // token carry the mapped email, as an IdP putting email in the ID token and groups in userinfo.
    // Groups come from preferred_username (a string: split into one group), the name from email.
    const idp = await primaryApi.post("/identity-providers", {
      slug: "company-groups", name: "Company groups", issuer: upstream.url, clientId: "toolgate-primary", clientSecret: upstreamSecret,
      claimMapping: { email: "sub", name: "email", username: "preferred_username", groups: "preferred_username" },
    });
    expect(idp.status, JSON.stringify(idp.body)).toBe(201);
    const rule = await primaryApi.post("/sign-in-policy/rules", { kind: "group", value: "ops", providerId: idp.body.id });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    const upstreamId = async (email: string) => (await upstream.prisma.user.findUniqueOrThrow({ where: { email } })).id;
    try {
      const refused = await throughUpstream("company-groups", devMember);
      expect(refused.status).toBe(403);
      expect(await refused.text()).toContain("not allowed to sign in");
      expect(await primary.prisma.user.findUnique({ where: { email: await upstreamId(devMember.email) } })).toBeNull();
      expect(await primary.prisma.federatedIdentity.count({ where: { providerId: idp.body.id } })).toBe(0);
      const refusals = (await auditOf("login.refused")).filter((e) => (e.details as { provider?: string } | null)?.provider === "company-groups");
      expect(refusals.map((e) => e.reason)).toEqual(["sign-in policy"]);

      const admitted = await throughUpstream("company-groups", opsMember);
      expect(admitted.status, await admitted.clone().text()).toBe(303);
      expect(admitted.headers.get("location")).toContain("/auth/");
      const opsId = await upstreamId(opsMember.email);
      const user = await primary.prisma.user.findUniqueOrThrow({ where: { email: opsId }, include: { identities: true } });
      expect(user).toMatchObject({ name: opsMember.email, username: "ops", passwordHash: null });
      expect(user.identities).toEqual([expect.objectContaining({ providerId: idp.body.id, subject: opsId })]);
      expect((await auditOf("login.succeeded")).filter((e) => e.subject === user.id).map((e) => e.reason)).toEqual(["federated: company-groups"]);
    } finally {
      await primaryApi.delete(`/sign-in-policy/rules/${rule.body.id}`);
    }
  });

  it("refuses an ID token whose nonce is not the one sent, creating nobody", async () => {
    const usersBefore = await primary.prisma.user.count();
    const identitiesBefore = await primary.prisma.federatedIdentity.count();
    const failuresBefore = (await auditOf("login.failed")).length;
    // The upstream signs whatever nonce the request carried into the ID token: swap it on the way.
    const res = await throughUpstream("company", nonceVictim, (url) => url.searchParams.set("nonce", "not-the-nonce-toolgate-sent"));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Sign-in failed");
    expect(html).toContain("the answer from Company SSO could not be verified");
    expect(html).not.toContain("nonce");

    expect(await primary.prisma.user.findUnique({ where: { email: nonceVictim.email } })).toBeNull();
    expect(await primary.prisma.user.count()).toBe(usersBefore);
    expect(await primary.prisma.federatedIdentity.count()).toBe(identitiesBefore);
    const failures = (await auditOf("login.failed")).slice(failuresBefore);
    expect(failures).toEqual([expect.objectContaining({ decision: "deny", reason: "token_invalid: the answer from Company SSO could not be verified" })]);
    expect(failures[0]!.details).toMatchObject({ provider: "company" });
    // The cause is the nonce check (not, say, the code exchange): the log says why.
    const logged = primaryLog.map((line) => JSON.parse(line) as Record<string, unknown>).filter((l) => l.msg === "federated sign-in failed");
    expect(logged.at(-1)).toMatchObject({ code: "token_invalid", provider: "company", cause: expect.stringContaining("nonce") });
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
