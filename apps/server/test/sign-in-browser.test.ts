import path from "node:path";
import { mkdir } from "node:fs/promises";
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { BROWSER_AVAILABLE, BROWSER_REQUIRED, SCREENSHOTS, launchBrowser, type Browser } from "../../console/test/helpers/browser.js";
import { startTestServer, type TestServer } from "./helpers/test-server.js";
import { adminApi, adminToken } from "./helpers/admin-api.js";
import { pkce } from "./helpers/oauth.js";

/**
 * The sign-in and consent pages in a real browser (Debian's Chromium through playwright-core),
 * including sign-in through an upstream identity provider. Screenshots go to test-output/.
 */
const RESOURCE = "https://browser.example.com/mcp";
const REDIRECT = "http://127.0.0.1:7777/callback";
const WEB_REDIRECT = "https://127.0.0.1:8443/callback";
const user = { email: "browser@company.com", password: "browser-password-1" };
const upstreamUser = { email: "sso@company.com", password: "upstream-password-1" };
const outsider = { email: "someone@elsewhere.org", password: "upstream-password-2" };

const run = BROWSER_AVAILABLE || BROWSER_REQUIRED ? describe : describe.skip;

run("sign-in and consent in Chromium", () => {
  let server: TestServer;
  let upstream: TestServer;
  let api: ReturnType<typeof adminApi>;
  let browser: Browser;

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    [server, upstream] = await Promise.all([startTestServer(), startTestServer({ hostname: "localhost" })]);
    api = adminApi(server, await adminToken(server));
    const srv = (await api.post("/servers", { resourceUri: RESOURCE, name: "Research", scopes: [{ name: "research:browse", description: "Browse papers" }, { name: "research:purge", description: "Delete the index" }] })).body;
    const browse = srv.scopes.find((s: { name: string }) => s.name === "research:browse").id;
    const purge = srv.scopes.find((s: { name: string }) => s.name === "research:purge").id;
    await api.post(`/servers/${srv.id}/tools`, { name: "browse", scopeId: browse, readOnly: true });
    await api.post(`/servers/${srv.id}/tools`, { name: "purge", scopeId: purge });
    const role = (await api.post("/roles", { name: "researcher", scopeIds: [browse, purge] })).body;
    await api.post("/clients", { clientId: "inspector", name: "MCP Inspector", redirectUris: [REDIRECT], roleIds: [role.id] });
    await api.post("/clients", { clientId: "webapp", name: "Research web app", redirectUris: [WEB_REDIRECT], roleIds: [role.id] });
    await api.post("/users", { ...user, roleIds: [role.id] });

    const upApi = adminApi(upstream, await adminToken(upstream));
    const downstream = (await upApi.post("/clients", {
      clientId: "toolgate", name: "Toolgate", authMethod: "client_secret_basic", redirectUris: [`${server.url}/federation/callback`], grantTypes: ["authorization_code"], firstParty: true,
    })).body;
    await upApi.post("/users", upstreamUser);
    await upApi.post("/users", outsider);
    await api.post("/identity-providers", { slug: "company", name: "Company SSO", issuer: upstream.url, clientId: "toolgate", clientSecret: downstream.clientSecret });
    // Users arriving through the company IdP get the researcher role once an admin grants it;
    // here the rule-based path is what is under test, so grant it up front by email later.
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await upstream?.close();
  });

  beforeEach(async () => {
    browser = await launchBrowser();
    // The client's redirect URI is a loopback listener in real life; here the browser records it.
    for (const pattern of ["http://127.0.0.1:7777/**", "https://127.0.0.1:8443/**"]) {
      await browser.context.route(pattern, (route) => route.fulfill({ status: 200, contentType: "text/plain", body: "callback" }));
    }
  });
  afterEach(async () => {
    await browser?.close();
  });

  function authorizeUrl(scope: string, clientId = "inspector", redirectUri = REDIRECT): string {
    const url = new URL(`${server.url}/auth`);
    url.search = new URLSearchParams({
      client_id: clientId, redirect_uri: redirectUri, response_type: "code", resource: RESOURCE, scope,
      code_challenge: pkce().challenge, code_challenge_method: "S256", state: "st",
    }).toString();
    return url.toString();
  }

  async function signIn(page: Page, who = user) {
    await page.getByLabel("Email").fill(who.email);
    await page.getByLabel("Password").fill(who.password);
    await page.getByRole("button", { name: "Sign in" }).click();
  }

  const callback = (page: Page, redirectUri = REDIRECT) =>
    page.waitForURL((u) => u.toString().startsWith(redirectUri)).then(() => new URL(page.url()), async (err) => {
      throw new Error(`no callback; at ${page.url()}: ${(await page.locator("body").innerText()).slice(0, 1500).replace(/\n/g, " / ")}`, { cause: err });
    });

  it("signs in, shows the consent page, and returns a code to the loopback redirect", async () => {
    const { page } = browser;
    await page.goto(authorizeUrl("research:browse"));
    await expect(page.getByRole("heading", { name: "Sign in" }).isVisible()).resolves.toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, "sign-in.png"), fullPage: true });
    // Keyboard first: the email field has focus.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("email");
    await signIn(page);

    await page.getByRole("heading", { name: "Allow access?" }).waitFor();
    await expect(page.getByText("MCP Inspector").first().isVisible()).resolves.toBe(true);
    await expect(page.getByText("Browse papers").isVisible()).resolves.toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, "consent.png"), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(SCREENSHOTS, "consent-phone.png"), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.getByRole("button", { name: "Allow" }).click();
    const first = await callback(page);
    expect(first.searchParams.get("code")).toBeTruthy();
    expect(first.searchParams.get("iss")).toBe(server.url);

    // A native (loopback) client is asked every time (RFC 8252 §8.6: its redirect can be claimed
    // by any local app).
    await page.goto(authorizeUrl("research:browse"));
    await page.getByRole("heading", { name: "Allow access?" }).waitFor();
  });

  it("skips the consent page on the next flow with the same scopes, and asks again for more", async () => {
    const { page } = browser;
    await page.goto(authorizeUrl("research:browse", "webapp", WEB_REDIRECT));
    await signIn(page);
    await page.getByRole("button", { name: "Allow" }).click();
    expect((await callback(page, WEB_REDIRECT)).searchParams.get("code")).toBeTruthy();

    // No page at all this time: Toolgate redirects straight back with a code. (Asked with the
    // browser's own cookies, without following the redirect to the client.)
    const silent = await browser.context.request.get(authorizeUrl("research:browse", "webapp", WEB_REDIRECT), { maxRedirects: 0 });
    expect(silent.status()).toBe(303);
    const location = new URL(silent.headers().location!);
    expect(location.origin + location.pathname).toBe(WEB_REDIRECT);
    expect(location.searchParams.get("code")).toBeTruthy();

    await page.goto(authorizeUrl("research:browse research:purge", "webapp", WEB_REDIRECT));
    await page.getByRole("heading", { name: "Allow access?" }).waitFor();
    await expect(page.getByText("Delete the index").isVisible()).resolves.toBe(true);
    await page.getByRole("button", { name: "Allow" }).click();
    expect((await callback(page, WEB_REDIRECT)).searchParams.get("code")).toBeTruthy();
  });

  it("denying returns access_denied to the client", async () => {
    const { page } = browser;
    await api.post("/clients", { clientId: "other-app", name: "Other app", redirectUris: [REDIRECT], roleIds: [(await api.get("/roles?q=researcher")).body.items[0].id] });
    const url = new URL(authorizeUrl("research:browse"));
    url.searchParams.set("client_id", "other-app");
    await page.goto(url.toString());
    await signIn(page);
    await page.getByRole("button", { name: "Deny" }).click();
    const result = await callback(page);
    expect(result.searchParams.get("error")).toBe("access_denied");
  });

  /** The upstream IdP's consent (its client for us has a loopback redirect here, so it asks). */
  async function approveUpstream(page: Page) {
    const allow = page.getByRole("button", { name: "Allow" });
    await allow.waitFor({ timeout: 5000 }).then(() => allow.click(), () => undefined);
  }

  it("signs in through the upstream identity provider, creating the user", async () => {
    const { page } = browser;
    await page.goto(authorizeUrl("research:browse"));
    await page.getByRole("button", { name: "Continue with Company SSO" }).click();
    await page.waitForURL((u) => u.host === new URL(upstream.url).host);
    await signIn(page, upstreamUser);
    await approveUpstream(page);
    // No role yet for the new user: nothing can be granted. The page says which scope and why;
    // going back, the client hears invalid_scope.
    await page.getByRole("heading", { name: "This access can't be granted" }).waitFor();
    await page.getByText("research:browse: your account has no role that includes it").waitFor();
    await page.getByRole("button", { name: "Back to MCP Inspector" }).click();
    const result = await callback(page);
    expect(result.searchParams.get("error")).toBe("invalid_scope");
    const created = await server.prisma.user.findUnique({ where: { email: upstreamUser.email }, include: { identities: true } });
    expect(created?.identities).toHaveLength(1);
  });

  it("refuses a domain the sign-in policy does not allow, with a clear page", async () => {
    const rule = (await api.post("/sign-in-policy/rules", { kind: "email_domain", value: "company.com" })).body;
    try {
      const { page } = browser;
      await page.goto(authorizeUrl("research:browse"));
      await page.getByRole("button", { name: "Continue with Company SSO" }).click();
      await page.waitForURL((u) => u.host === new URL(upstream.url).host);
      await signIn(page, outsider);
      await approveUpstream(page);
      await page.getByRole("heading", { name: "Sign-in not allowed" }).waitFor();
      await page.screenshot({ path: path.join(SCREENSHOTS, "sign-in-refused.png"), fullPage: true });
      expect(await server.prisma.user.findUnique({ where: { email: outsider.email } })).toBeNull();
    } finally {
      await api.delete(`/sign-in-policy/rules/${rule.id}`);
    }
  });
});
