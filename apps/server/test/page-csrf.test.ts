import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/test-server.js";
import { adminApi, adminToken } from "./helpers/admin-api.js";
import { absolute, beginAuthorization, csrfFrom, form } from "./helpers/oauth.js";
import { CookieJar } from "./helpers/cookie-jar.js";

/**
 * Every form of the server-rendered pages refuses a missing or foreign CSRF token with the
 * "Form expired" page (403) and does nothing: consent confirm and deny, cancel, federated sign-in,
 * the account page's sign-out. (Sign-in and consent revocation: sign-in-pages and
 * consents-and-account tests.) A foreign token is one issued to another browser, or in the same
 * browser for another interaction or page: tokens are bound to what they were issued for.
 */
const RESOURCE = "https://csrf.example.com/mcp";
const REDIRECT = "http://127.0.0.1:7777/callback";
const carol = { email: "carol@example.com", password: "carol-password-1" };
const dave = { email: "dave@example.com", password: "dave-password-1" };
let server: TestServer;
let api: ReturnType<typeof adminApi>;
let carolId: string;

beforeAll(async () => {
  server = await startTestServer({ env: { TOOLGATE_LOGIN_RATE_LIMIT: "1000" } });
  api = adminApi(server, await adminToken(server));
  const srv = (await api.post("/servers", { resourceUri: RESOURCE, name: "CSRF", scopes: [{ name: "csrf:read" }] })).body;
  const role = (await api.post("/roles", { name: "csrf-reader", scopeIds: [srv.scopes[0].id] })).body;
  await api.post("/clients", { clientId: "csrf-app", name: "CSRF app", redirectUris: [REDIRECT], roleIds: [role.id] });
  carolId = (await api.post("/users", { ...carol, roleIds: [role.id] })).body.id;
  await api.post("/users", { ...dave, roleIds: [role.id] });
  // Unreachable on purpose: a federated sign-in that really starts answers 502.
  const idp = await api.post("/identity-providers", { slug: "nowhere", name: "Nowhere SSO", issuer: "http://127.0.0.1:9", clientId: "toolgate" });
  expect(idp.status, JSON.stringify(idp.body)).toBe(201);
});
afterAll(async () => {
  await server?.close();
});

const begin = (jar?: CookieJar) => beginAuthorization(server.url, { clientId: "csrf-app", redirectUri: REDIRECT, resource: RESOURCE, jar });
const post = (jar: CookieJar, url: string, body: Record<string, string | undefined>) => jar.fetch(url, { method: "POST", body: form(body) });

/** Follows redirects on this server from `res` until a page (or a redirect elsewhere). */
async function follow(jar: CookieJar, from: string, res: Response): Promise<{ url: string; res: Response }> {
  let url = from;
  for (let hops = 0; hops < 10 && res.status === 303; hops++) {
    const next = absolute(url, res.headers.get("location"));
    if (new URL(next).origin !== new URL(server.url).origin) return { url: next, res };
    url = next;
    res = await jar.fetch(url);
  }
  return { url, res };
}

/** Signs `user` in within `jar` (a new browser by default) and stops at the consent page. */
async function consentPage(user = carol, jar = new CookieJar()) {
  const page = await begin(jar);
  let html = page.html;
  let url = page.pageUrl;
  if (html.includes('/login"')) {
    const reached = await follow(jar, url, await post(jar, `${url}/login`, { ...user, csrf: csrfFrom(html) }));
    url = reached.url;
    html = await reached.res.text();
  }
  expect(html, html.slice(0, 400)).toContain('/confirm"');
  return { jar, url, html, csrf: csrfFrom(html) };
}

async function expectFormExpired(res: Response) {
  expect(res.status).toBe(403);
  expect(res.headers.get("location")).toBeNull();
  expect(res.headers.getSetCookie().filter((c) => !c.startsWith("tg_csrf="))).toEqual([]);
  expect(await res.text()).toContain("Form expired");
}

async function refusedRoutes(since: number) {
  await server.toolgate.audit.flush();
  const events = await server.prisma.auditEvent.findMany({ where: { type: "interaction.refused" }, orderBy: { id: "asc" } });
  return events.slice(since).map((e) => `${e.reason?.split(":")[0]} ${(e.details as { route?: string }).route}`);
}
const refusedCount = async () => {
  await server.toolgate.audit.flush();
  return server.prisma.auditEvent.count({ where: { type: "interaction.refused" } });
};
const auditCount = async (type: string) => {
  await server.toolgate.audit.flush();
  return server.prisma.auditEvent.count({ where: { type } });
};

describe("consent page", () => {
  it("confirm refuses a missing or foreign token and grants nothing", async () => {
    const before = await refusedCount();
    const page = await consentPage();
    const otherBrowser = await consentPage(dave);
    const otherInteraction = await consentPage(carol, page.jar);
    expect(otherInteraction.url).not.toBe(page.url);

    await expectFormExpired(await post(page.jar, `${page.url}/confirm`, {}));
    await expectFormExpired(await post(page.jar, `${page.url}/confirm`, { csrf: otherBrowser.csrf }));
    await expectFormExpired(await post(page.jar, `${page.url}/confirm`, { csrf: otherInteraction.csrf }));
    await expectFormExpired(await post(page.jar, `${page.url}/confirm`, { csrf: "forged" }));
    expect(await server.prisma.consent.count({ where: { userId: carolId } })).toBe(0);
    expect(await auditCount("consent.granted")).toBe(0);
    expect(await refusedRoutes(before)).toEqual(Array(4).fill("auth.forbidden /interaction/:uid/confirm"));

    // The interaction was left as it was: its own token still completes it.
    const done = await follow(page.jar, page.url, await post(page.jar, `${page.url}/confirm`, { csrf: page.csrf }));
    expect(new URL(done.url).searchParams.get("code"), done.url).toBeTruthy();
    expect(await server.prisma.consent.count({ where: { userId: carolId } })).toBe(1);
    await server.prisma.consent.deleteMany({ where: { userId: carolId } });
  });

  it("deny refuses a missing or foreign token and denies nothing", async () => {
    const before = await refusedCount();
    const deniedBefore = await auditCount("consent.denied");
    const page = await consentPage();
    const otherBrowser = await consentPage(dave);

    await expectFormExpired(await post(page.jar, `${page.url}/deny`, {}));
    await expectFormExpired(await post(page.jar, `${page.url}/deny`, { csrf: otherBrowser.csrf }));
    expect(await auditCount("consent.denied")).toBe(deniedBefore);
    expect(await refusedRoutes(before)).toEqual(Array(2).fill("auth.forbidden /interaction/:uid/deny"));

    const again = await page.jar.fetch(page.url);
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('/deny"');
    const denied = await follow(page.jar, page.url, await post(page.jar, `${page.url}/deny`, { csrf: page.csrf }));
    expect(new URL(denied.url).searchParams.get("error")).toBe("access_denied");
    expect(await auditCount("consent.denied")).toBe(deniedBefore + 1);
  });
});

describe("sign-in page", () => {
  it("cancel refuses a missing or foreign token and leaves the sign-in open", async () => {
    const before = await refusedCount();
    const page = await begin();
    const other = await begin();
    await expectFormExpired(await post(page.jar, `${page.pageUrl}/abort`, {}));
    await expectFormExpired(await post(page.jar, `${page.pageUrl}/abort`, { csrf: csrfFrom(other.html) }));
    expect(await refusedRoutes(before)).toEqual(Array(2).fill("auth.forbidden /interaction/:uid/abort"));

    const still = await page.jar.fetch(page.pageUrl);
    expect(still.status).toBe(200);
    expect(await still.text()).toContain('/login"');
    const cancelled = await follow(page.jar, page.pageUrl, await post(page.jar, `${page.pageUrl}/abort`, { csrf: csrfFrom(page.html) }));
    expect(new URL(cancelled.url).searchParams.get("error")).toBe("access_denied");
  });

  it("the federated sign-in button refuses a missing or foreign token and starts nothing", async () => {
    const before = await refusedCount();
    const failedBefore = await auditCount("login.failed");
    const page = await begin();
    const other = await begin();
    const action = `${page.pageUrl}/federated/nowhere`;
    expect(page.html).toContain(new URL(action).pathname);
    await expectFormExpired(await post(page.jar, action, {}));
    await expectFormExpired(await post(page.jar, action, { csrf: csrfFrom(other.html) }));
    expect(page.jar.header(`${server.url}/federation/callback`)).not.toContain("tg_fed=");
    expect(await refusedRoutes(before)).toEqual(Array(2).fill("auth.forbidden /interaction/:uid/federated/:slug"));
    expect(await auditCount("login.failed")).toBe(failedBefore);

    // With its token the button does start: this upstream cannot be reached, hence 502.
    const started = await post(page.jar, action, { csrf: csrfFrom(page.html) });
    expect(started.status).toBe(502);
    expect(await started.text()).toContain("Nowhere SSO cannot be reached");
  });
});

describe("account page", () => {
  /** Opens /account in a new browser and signs in there; the sign-in page's token is kept. */
  async function openAccount(user: { email: string; password: string }) {
    const jar = new CookieJar();
    let url = `${server.url}/account`;
    let res = await jar.fetch(url);
    let signInCsrf: string | undefined;
    for (let hops = 0; hops < 10; hops++) {
      if (res.status === 200) {
        const html = await res.text();
        if (!html.includes('/login"')) return { jar, html, csrf: csrfFrom(html), signInCsrf: signInCsrf! };
        signInCsrf = csrfFrom(html);
        res = await post(jar, `${url}/login`, { ...user, csrf: signInCsrf });
        continue;
      }
      expect(res.status).toBe(303);
      url = absolute(url, res.headers.get("location"));
      res = await jar.fetch(url);
    }
    throw new Error("account page not reached");
  }

  it("sign-out refuses a missing or foreign token and keeps the session", async () => {
    const before = await refusedCount();
    const carolPage = await openAccount(carol);
    const davePage = await openAccount(dave);
    expect(carolPage.html).toContain(`Signed in as <strong>${carol.email}</strong>`);
    const signOut = `${server.url}/account/sign-out`;

    await expectFormExpired(await post(carolPage.jar, signOut, {}));
    await expectFormExpired(await post(carolPage.jar, signOut, { csrf: davePage.csrf }));
    // Same browser, but issued for the sign-in interaction, not for this user's account page.
    await expectFormExpired(await post(carolPage.jar, signOut, { csrf: carolPage.signInCsrf }));
    expect(await refusedRoutes(before)).toEqual(Array(3).fill("auth.forbidden /account/sign-out"));

    const still = await carolPage.jar.fetch(`${server.url}/account`);
    expect(still.status).toBe(200);
    expect(await still.text()).toContain(`Signed in as <strong>${carol.email}</strong>`);

    const out = await post(carolPage.jar, signOut, { csrf: carolPage.csrf });
    expect(out.status).toBe(303);
    expect(out.headers.get("location")).toContain("/session/end");
    expect((await carolPage.jar.fetch(`${server.url}/account`)).status).toBe(303);
  });
});
