import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, TEST_ADMIN, type TestServer } from "../../server/test/helpers/test-server.js";
import { BROWSER_AVAILABLE, BROWSER_REQUIRED, launchBrowser, type Browser } from "./helpers/browser.js";
import { expectHeading, expectNoProblems, screenshot, signInOnToolgatePage, toast } from "./helpers/console-steps.js";
import { watchForProblems } from "./helpers/page-problems.js";

/**
 * The Settings page of Toolgate deployments whose registration is not open: with
 * TOOLGATE_REGISTRATION=token the admin creates the token a client then registers with; with
 * `off` the page says why none is needed. (The main e2e covers the default, open.)
 */
let gated: TestServer;
let closed: TestServer;
let browser: Browser;
let watch: ReturnType<typeof watchForProblems>;

const publicClient = (name: string) => ({
  client_name: name,
  redirect_uris: ["http://127.0.0.1:7777/cb"],
  token_endpoint_auth_method: "none",
  grant_types: ["authorization_code"],
  response_types: ["code"],
});

describe.skipIf(!BROWSER_AVAILABLE && !BROWSER_REQUIRED)("registration tokens by registration mode, in a real browser", () => {
  beforeAll(async () => {
    // Different host names keep the two servers' sign-in cookies apart.
    [gated, closed] = await Promise.all([
      startTestServer({ env: { TOOLGATE_REGISTRATION: "token" } }),
      startTestServer({ env: { TOOLGATE_REGISTRATION: "off", TOOLGATE_CIMD: "false" }, hostname: "localhost" }),
    ]);
    browser = await launchBrowser();
    watch = watchForProblems(browser.page, gated.url);
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all([gated?.close(), closed?.close()]);
  });

  const page = () => browser.page;

  async function openSettings(server: TestServer) {
    await page().goto(`${server.url}/console/settings`);
    await page().getByLabel("Password").waitFor();
    await signInOnToolgatePage(page(), TEST_ADMIN);
    await expectHeading(page(), "Settings");
  }

  it("with TOOLGATE_REGISTRATION=token: creates a registration token, shown once, that lets a client register itself", async () => {
    await openSettings(gated);
    const deployment = page().getByRole("region", { name: "Set by the deployment" });
    await expect(deployment.locator("dl > div", { hasText: "TOOLGATE_REGISTRATION" }).textContent()).resolves.toContain("With a registration token only");
    const panel = page().getByRole("region", { name: "Registration tokens" });
    await panel.getByText(/must send one of these/).waitFor();
    await panel.getByLabel("Valid for").selectOption({ label: "1 day" });
    await panel.getByRole("button", { name: "Create registration token" }).click();
    const dialog = page().getByRole("dialog", { name: "Registration token" });
    const token = await dialog.locator(".copy-field", { hasText: "Registration token" }).locator("code").textContent();
    expect(token).toMatch(/^\S{20,}$/);
    await dialog.getByText(/Authorization: Bearer <token>/).waitFor();
    await toast(page(), "Registration token created");
    await screenshot(page(), "32-registration-token");
    await dialog.getByRole("button", { name: "I have stored it" }).click();
    await expect.poll(() => page().getByRole("dialog").count()).toBe(0);

    expect(await gated.prisma.oidcArtifact.count({ where: { model: "InitialAccessToken" } })).toBe(1);
    expect(await gated.prisma.auditEvent.count({ where: { type: "admin.registration_token.created" } })).toBe(1);
    const register = (headers: Record<string, string>) =>
      fetch(`${gated.url}/reg`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(publicClient("Token Registered")) });
    expect((await register({})).status).toBe(401);
    const registered = await register({ authorization: `Bearer ${token}` });
    expect(registered.status).toBe(201);
    const { client_id } = (await registered.json()) as { client_id: string };
    expect(await gated.prisma.client.findUniqueOrThrow({ where: { id: client_id } })).toMatchObject({ kind: "dcr", name: "Token Registered" });
  });

  it("with TOOLGATE_REGISTRATION=off: says no token is needed, and offers none", async () => {
    await openSettings(closed);
    const panel = page().getByRole("region", { name: "Registration tokens" });
    await panel.getByText("Not needed: registration is off.").waitFor();
    expect(await panel.getByRole("button", { name: "Create registration token" }).count()).toBe(0);
    const deployment = page().getByRole("region", { name: "Set by the deployment" });
    await expect(deployment.locator("dl > div", { hasText: "TOOLGATE_REGISTRATION" }).textContent()).resolves.toContain("Off: clients cannot register themselves");
    await expect(deployment.locator("dl > div", { hasText: "TOOLGATE_CIMD" }).textContent()).resolves.toContain("Not accepted");
    await page().getByText(/no client can register itself \(registration and metadata documents are both off\)/).waitFor();
    // No registration endpoint to copy either.
    await page().getByRole("region", { name: "Endpoints" }).locator(".copy-field", { hasText: "Issuer" }).waitFor();
    expect(await page().locator(".copy-field", { hasText: "Dynamic Client Registration" }).count()).toBe(0);
    await screenshot(page(), "38-settings-registration-off");
  });

  it("had no uncaught errors, CSP violations or failed requests", () => {
    expectNoProblems(watch.problems);
  });
});
