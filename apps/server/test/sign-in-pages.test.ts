import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/test-server.js";
import { adminApi, adminToken } from "./helpers/admin-api.js";
import { absolute, authorize, beginAuthorization, csrfFrom, form, json } from "./helpers/oauth.js";

const RESOURCE = "https://pages.example.com/mcp";
const REDIRECT = "http://127.0.0.1:7777/callback";
let server: TestServer;
let api: ReturnType<typeof adminApi>;

beforeAll(async () => {
  server = await startTestServer({ env: { TOOLGATE_LOGIN_RATE_LIMIT: "1000" } });
  api = adminApi(server, await adminToken(server));
  const srv = (await api.post("/servers", { resourceUri: RESOURCE, name: "Pages", scopes: [{ name: "pages:read" }] })).body;
  const role = (await api.post("/roles", { name: "pages-reader", scopeIds: [srv.scopes[0].id] })).body;
  await api.post("/clients", { clientId: "pages-app", name: "Pages app", redirectUris: [REDIRECT], roleIds: [role.id] });
  for (const email of ["ann@company.com", "bob@company.com", "eve@elsewhere.org", "lock@company.com"]) {
    await api.post("/users", { email, password: "a-long-password-1", roleIds: [role.id] });
  }
});
afterAll(async () => {
  await server?.close();
});

/** Audit events of a type, once the buffered ones are written. */
async function auditOf(target: TestServer, type: string) {
  await target.toolgate.audit.flush();
  return target.prisma.auditEvent.findMany({ where: { type }, orderBy: { id: "asc" } });
}

const begin = () => beginAuthorization(server.url, { clientId: "pages-app", redirectUri: REDIRECT, resource: RESOURCE });
const login = (jar: Awaited<ReturnType<typeof begin>>["jar"], pageUrl: string, body: Record<string, string | undefined>) =>
  jar.fetch(`${pageUrl}/login`, { method: "POST", body: form(body) });

describe("sign-in page", () => {
  it("is accessible, themed and locked down", async () => {
    const page = await begin();
    expect(page.status).toBe(200);
    expect(page.html).toMatch(/<label for="email">Email<\/label>/);
    expect(page.html).toMatch(/<label for="password">Password<\/label>/);
    expect(page.html).toContain('<html lang="en">');
    expect(page.html).toContain("Pages app");
    const res = await page.jar.fetch(page.pageUrl);
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    const theme = await fetch(`${server.url}/assets/theme.css`);
    expect(await theme.text()).toContain("--accent");
  });

  it("refuses a missing, foreign or replayed CSRF token", async () => {
    const before = (await auditOf(server, "interaction.refused")).length;
    const page = await begin();
    const missing = await login(page.jar, page.pageUrl, { email: "ann@company.com", password: "a-long-password-1" });
    expect(missing.status).toBe(403);
    expect(await missing.text()).toContain("Form expired");

    const other = await begin();
    const foreign = await login(page.jar, page.pageUrl, { email: "ann@company.com", password: "a-long-password-1", csrf: csrfFrom(other.html) });
    expect(foreign.status).toBe(403);

    const ok = await login(page.jar, page.pageUrl, { email: "ann@company.com", password: "a-long-password-1", csrf: csrfFrom(page.html) });
    expect(ok.status).toBe(303);
    // Follow the flow to its end: the interaction is consumed, so replaying the form leads nowhere.
    let next = await page.jar.fetch(absolute(server.url, ok.headers.get("location")));
    while (next.status === 303 && next.headers.get("location")!.startsWith(server.url)) next = await page.jar.fetch(next.headers.get("location")!);
    const replay = await login(page.jar, page.pageUrl, { email: "ann@company.com", password: "a-long-password-1", csrf: csrfFrom(page.html) });
    expect(replay.status).toBe(400);
    // Each refusal is in the audit trail, by route (never the interaction id).
    const refused = (await auditOf(server, "interaction.refused")).slice(before);
    expect(refused.map((e) => e.reason?.split(":")[0])).toEqual(["auth.forbidden", "auth.forbidden", "request.malformed"]);
    expect(refused.every((e) => e.decision === "deny" && e.ip)).toBe(true);
    expect(refused[0]!.details).toMatchObject({ method: "POST", route: "/interaction/:uid/login", status: 403 });
  });

  it("answers a wrong password and an unknown email with the same generic message", async () => {
    const page = await begin();
    const csrf = csrfFrom(page.html);
    const wrong = await login(page.jar, page.pageUrl, { email: "ann@company.com", password: "wrong-password-0", csrf });
    const wrongHtml = await wrong.text();
    const unknown = await login(page.jar, page.pageUrl, { email: "nobody@company.com", password: "wrong-password-0", csrf: csrfFrom(wrongHtml) });
    const unknownHtml = await unknown.text();
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const message = (html: string) => /role="alert"[^>]*>([^<]+)</.exec(html)?.[1];
    expect(message(wrongHtml)).toBe(message(unknownHtml));
    expect(wrongHtml).toContain('value="ann@company.com"');
    const failed = await auditOf(server, "login.failed");
    const ann = await server.prisma.user.findUniqueOrThrow({ where: { email: "ann@company.com" } });
    expect(failed).toEqual(expect.arrayContaining([
      expect.objectContaining({ reason: "invalid_credentials", subject: ann.id, clientId: "pages-app" }),
      expect.objectContaining({ reason: "invalid_credentials", subject: null, details: { email: "nobody@company.com" } }),
    ]));
  });

  it("locks an account after repeated failures, without saying so to a guesser", async () => {
    let page = await begin();
    let csrf = csrfFrom(page.html);
    for (let i = 0; i < 5; i++) {
      const res = await login(page.jar, page.pageUrl, { email: "lock@company.com", password: `guess-number-${i}`, csrf });
      csrf = csrfFrom(await res.text());
    }
    page = await begin();
    const right = await login(page.jar, page.pageUrl, { email: "lock@company.com", password: "a-long-password-1", csrf: csrfFrom(page.html) });
    expect(right.status).toBe(401);
    const user = await server.prisma.user.findUniqueOrThrow({ where: { email: "lock@company.com" } });
    expect(user.failedLogins).toBeGreaterThanOrEqual(5); // locked out for this address only (login-throttle.ts)
    // The page says nothing; the trail says why.
    expect((await auditOf(server, "login.failed")).filter((e) => e.subject === user.id).at(-1)?.reason).toBe("locked");
    // An admin unlocks.
    await api.patch(`/users/${user.id}`, { unlock: true, version: user.version });
    const after = await login(page.jar, page.pageUrl, { email: "lock@company.com", password: "a-long-password-1", csrf: csrfFrom(await right.text()) });
    expect(after.status).toBe(303);
  });

  it("throttles sign-in attempts per address", async () => {
    const limited = await startTestServer({ env: { TOOLGATE_LOGIN_RATE_LIMIT: "20" } });
    const limitedApi = adminApi(limited, await adminToken(limited));
    await limitedApi.post("/clients", { clientId: "pages-app", name: "Pages app", redirectUris: [REDIRECT] });
    const page = await beginAuthorization(limited.url, { clientId: "pages-app", redirectUri: REDIRECT, extra: { scope: "openid" } });
    let csrf = csrfFrom(page.html);
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      const res = await login(page.jar, page.pageUrl, { email: `x${i}@company.com`, password: "nope-nope-nope", csrf });
      statuses.push(res.status);
      const html = await res.text();
      if (res.status === 401) csrf = csrfFrom(html);
      if (res.status === 429) {
        expect(html).toContain("Too many attempts");
        expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
      }
    }
    expect(statuses).toContain(429);
    const throttled = await auditOf(limited, "interaction.refused");
    expect(throttled.length).toBe(statuses.filter((st) => st === 429).length);
    expect(throttled[0]!.reason).toMatch(/^rate_limited/);
    await limited.close();
  });

  it("refuses tampered and expired interactions with a clear page", async () => {
    const page = await begin();
    const tampered = await page.jar.fetch(`${page.pageUrl}x`);
    expect(tampered.status).toBe(400);
    expect(await tampered.text()).toContain("expired");
    const uid = page.pageUrl.split("/").pop()!;
    await server.prisma.oidcArtifact.updateMany({ where: { model: "Interaction", id: uid }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const before = (await auditOf(server, "interaction.refused")).length;
    const expired = await page.jar.fetch(page.pageUrl);
    expect(expired.status).toBe(400);
    const refused = (await auditOf(server, "interaction.refused")).slice(before);
    expect(refused).toEqual([expect.objectContaining({ decision: "deny", details: { method: "GET", route: "/interaction/:uid", status: 400 } })]);
  });
});

describe("sign-in policy", () => {
  it("refuses a domain that is not allowed with a clear page, and audits it", async () => {
    const rule = await api.post("/sign-in-policy/rules", { kind: "email_domain", value: "company.com" });
    expect(rule.status).toBe(201);
    try {
      const page = await begin();
      const refused = await login(page.jar, page.pageUrl, { email: "eve@elsewhere.org", password: "a-long-password-1", csrf: csrfFrom(page.html) });
      expect(refused.status).toBe(403);
      expect(await refused.text()).toContain("not allowed to sign in");
      await server.toolgate.audit.flush();
      expect(await server.prisma.auditEvent.count({ where: { type: "login.refused" } })).toBe(1);

      const allowed = await begin();
      const ok = await login(allowed.jar, allowed.pageUrl, { email: "bob@company.com", password: "a-long-password-1", csrf: csrfFrom(allowed.html) });
      expect(ok.status).toBe(303);
      const policy = (await api.get("/sign-in-policy")).body;
      expect(policy.rules).toEqual([expect.objectContaining({ kind: "email_domain", value: "company.com" })]);
      expect((await api.post("/sign-in-policy/rules", { kind: "email_domain", value: "not a domain" })).status).toBe(400);
    } finally {
      await api.delete(`/sign-in-policy/rules/${rule.body.id}`);
    }
  });
});

describe("cancel and sign-out", () => {
  it("cancelling the sign-in returns access_denied to the client", async () => {
    const page = await begin();
    const res = await page.jar.fetch(`${page.pageUrl}/abort`, { method: "POST", body: form({ csrf: csrfFrom(page.html) }) });
    const resume = await page.jar.fetch(absolute(server.url, res.headers.get("location")));
    const callback = new URL(resume.headers.get("location")!);
    expect(callback.searchParams.get("error")).toBe("access_denied");
  });

  it("offers a sign-out page with its own CSRF protection", async () => {
    const signedIn = await authorize(server.url, { clientId: "pages-app", redirectUri: REDIRECT, resource: RESOURCE, user: { email: "ann@company.com", password: "a-long-password-1" } });
    const res = await signedIn.jar.fetch(`${server.url}/session/end`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Sign out?");
    expect(html).toMatch(/name="xsrf"/);
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });

  it("lists the configured identity providers on the sign-in page", async () => {
    const idp = await api.post("/identity-providers", { slug: "corp", name: "Corporate SSO", issuer: "https://sso.example.com", clientId: "toolgate" });
    expect(idp.status, JSON.stringify(idp.body)).toBe(201);
    expect(idp.body.redirectUri).toBe(`${server.url}/federation/callback`);
    expect(JSON.stringify(idp.body)).not.toContain("clientSecret\"");
    const page = await begin();
    expect(page.html).toContain("Continue with Corporate SSO");
    await api.patch(`/identity-providers/${idp.body.id}`, { enabled: false, version: idp.body.version });
    expect((await begin()).html).not.toContain("Corporate SSO");
    expect((await api.post("/identity-providers", { slug: "bad", name: "Bad", issuer: "http://sso.example.com", clientId: "x" })).status).toBe(400);
    const list = await json(await fetch(`${server.url}/api/admin/identity-providers`, { headers: { authorization: `Bearer ${await adminToken(server)}` } }));
    expect(list.items).toHaveLength(1);
  });
});
