import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { startTestServer, TEST_ADMIN, type TestServer } from "../../server/test/helpers/test-server.js";
import { adminApi, adminToken } from "../../server/test/helpers/admin-api.js";
import { authorize } from "../../server/test/helpers/oauth.js";
import { BROWSER_AVAILABLE, BROWSER_REQUIRED, launchBrowser, type Browser } from "./helpers/browser.js";
import { expectHeading, expectNoProblems, screenshot, signInOnToolgatePage, toast } from "./helpers/console-steps.js";
import { watchForProblems } from "./helpers/page-problems.js";
import { expectTokensNotStored, issuedTokens, nextTokenResponse } from "./helpers/stored-tokens.js";

/**
 * The real console (production build) in Debian's Chromium against a real Toolgate: an admin signs
 * in, registers an MCP server with three tools and two roles, a client registers itself (DCR) and
 * shows up (the default role is its ceiling), the admin gives it a role and revokes it, and finds every step
 * in the audit trail. Screenshots of every main page go to test-output/screenshots/.
 */
const RESOURCE = "https://research.example.com/mcp";
const STORAGE = "https://storage.example.com/mcp";
const ALICE = { email: "alice@example.com", password: "alice-long-password-1" };
const TOOLS_LIST = {
  jsonrpc: "2.0",
  id: 2,
  result: {
    tools: [
      { name: "browse", title: "Browse the library", description: "Search and read research notes", inputSchema: { type: "object" }, annotations: { readOnlyHint: true } },
      { name: "export", description: "Export a report as PDF", inputSchema: { type: "object" } },
      { name: "purge", description: "Delete old records", inputSchema: { type: "object" }, annotations: { destructiveHint: true } },
    ],
  },
};

let server: TestServer;
let browser: Browser;
let watch: ReturnType<typeof watchForProblems>;
let serverPath = "";
let dcrClientId = "";
let agent = { id: "", secret: "" };
let probeClientId = "";
let idpPath = "";
let aliceId = "";
let adminApiClient: ReturnType<typeof adminApi> | undefined;

/** Test setup through the admin API (an automation client), for what the console does not need to show being made. */
async function apiFor(s: TestServer) {
  adminApiClient ??= adminApi(s, await adminToken(s));
  return adminApiClient;
}

describe.skipIf(!BROWSER_AVAILABLE && !BROWSER_REQUIRED)("the console in a real browser against a real server", () => {
  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    watch = watchForProblems(browser.page, server.url);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const page = () => browser.page;
  const console_ = (p: string) => `${server.url}/console${p}`;
  const api = () => apiFor(server);
  const roleId = async (name: string) => (await server.prisma.role.findUniqueOrThrow({ where: { name } })).id;

  it("signs the admin in through Toolgate and lands where they were going", async () => {
    const tokenResponse = nextTokenResponse(page(), "authorization_code");
    await page().goto(console_("/servers"));
    await page().getByLabel("Password").waitFor();
    expect(new URL(page().url()).pathname).toMatch(/^\/interaction\//);
    await screenshot(page(), "00-sign-in");
    await signInOnToolgatePage(page(), TEST_ADMIN);
    await expectHeading(page(), "MCP servers");
    expect(new URL(page().url()).pathname).toBe("/console/servers");
    // Only the PKCE verifier may pass through storage, and only for the redirect: the tokens the
    // console was issued stay in memory, in no storage and no cookie.
    const issued = await issuedTokens(await tokenResponse);
    expect(Object.keys(issued)).toEqual(expect.arrayContaining(["access_token", "refresh_token"]));
    await expectTokensNotStored(page(), issued);
    const stored = await page().evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
    expect(stored).not.toMatch(/eyJ/);
    await page().getByRole("link", { name: "Toolgate admin API" }).waitFor();
    // Who is signed in, as the admin API sees the token (GET /me).
    const admin = await server.prisma.user.findUniqueOrThrow({ where: { email: TEST_ADMIN.email } });
    await expect.poll(() => page().locator(".signed-in-name").textContent()).toBe(admin.name || admin.email);
  });

  it("shows validation errors next to the field, then creates an MCP server", async () => {
    await page().getByRole("link", { name: "New MCP server" }).click();
    await expectHeading(page(), "New MCP server");
    await page().getByLabel("Name", { exact: true }).fill("Research");
    await page().getByLabel("Resource URI").fill("http://research.example.com/mcp");
    await page().getByRole("button", { name: "Create MCP server" }).click();
    const error = page().locator("#field-resourceUri-error");
    await expect(error.textContent()).resolves.toMatch(/https/);
    expect(await page().getByLabel("Resource URI").evaluate((el) => el === document.activeElement)).toBe(true);
    await page().getByLabel("Resource URI").fill(RESOURCE);
    await page().getByRole("button", { name: "Create MCP server" }).click();
    await expectHeading(page(), "Research");
    await toast(page(), "MCP server created");
    serverPath = new URL(page().url()).pathname.replace(/^\/console/, "");
    await page().getByRole("link", { name: "MCP servers" }).first().click();
    await page().getByRole("link", { name: "Research" }).waitFor();
    await screenshot(page(), "02-servers");
    await page().getByRole("link", { name: "Research" }).click();
    await expectHeading(page(), "Research");
    expect(serverPath).toMatch(/^\/servers\/[0-9a-f-]{36}$/);
  });

  it("imports three tools from a pasted tools/list result, with read and write scopes", async () => {
    await page().getByRole("button", { name: "Import from tools/list" }).click();
    const dialog = page().getByRole("dialog", { name: "Import tools from tools/list" });
    await dialog.getByLabel("tools/list result").fill("{ not json");
    await dialog.getByRole("button", { name: "Import" }).click();
    await dialog.getByText(/not valid JSON/).waitFor();
    await dialog.getByLabel("tools/list result").fill(JSON.stringify(TOOLS_LIST, null, 2));
    await dialog.getByRole("button", { name: "Import 3 tools" }).click();
    await toast(page(), /Imported 3 tools \(3 new, 0 updated, 2 scopes created\)/);
    const rows = page().getByRole("tabpanel").locator("tbody tr");
    await expect.poll(() => rows.count()).toBe(3);
    await expect(rows.filter({ hasText: "browse" }).textContent()).resolves.toContain("research:read");
    await expect(rows.filter({ hasText: "purge" }).textContent()).resolves.toContain("research:write");
    await screenshot(page(), "03-server-tools");
    await page().getByRole("tab", { name: /Scopes/ }).click();
    await page().getByText("research:write").first().waitFor();
    await screenshot(page(), "04-server-scopes");
    await page().getByRole("tab", { name: "Connect" }).click();
    await page().getByText("claude mcp add --transport http research https://research.example.com/mcp").waitFor();
    await page().getByRole("heading", { name: "Or put the gateway in front of it" }).waitFor();
    await page().getByText("RESOURCE=https://research.example.com/mcp \\").waitFor();
    await screenshot(page(), "05-server-connect");
  });

  it("creates two roles from the server's scopes", async () => {
    for (const [name, scopes] of [["research-reader", ["research:read"]], ["research-writer", ["research:read", "research:write"]]] as const) {
      await page().getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Roles" }).click();
      await expectHeading(page(), "Roles");
      await page().getByRole("link", { name: "New role" }).click();
      await page().getByLabel("Name", { exact: true }).fill(name);
      for (const scope of scopes) await page().getByRole("checkbox", { name: new RegExp(`^${scope}`) }).check();
      await page().getByRole("button", { name: "Create role" }).click();
      await expectHeading(page(), name);
      await toast(page(), `Role ${name} created`);
    }
    await screenshot(page(), "07-role-detail");
    await page().getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Roles" }).click();
    await page().getByRole("link", { name: "research-writer" }).waitFor();
    await screenshot(page(), "06-roles");
  });

  it("makes research-reader the server's default role for self-registered clients", async () => {
    await page().goto(console_(`${serverPath}/edit`));
    await expectHeading(page(), "Edit Research");
    await page().getByLabel("Default role for self-registered clients").selectOption({ label: "research-reader" });
    await page().getByRole("button", { name: "Save changes" }).click();
    await toast(page(), "MCP server saved");
    await page().locator(".summary").getByRole("link", { name: "research-reader" }).waitFor();
  });

  it("explains a 409: a scope still used by a tool and a role cannot be deleted", async () => {
    await page().getByRole("tab", { name: /Scopes/ }).click();
    await page().getByRole("button", { name: "Delete scope research:read" }).click();
    const dialog = page().getByRole("dialog", { name: "Delete scope research:read?" });
    await dialog.getByRole("button", { name: "Delete scope" }).click();
    const alert = dialog.getByRole("alert");
    await alert.getByText("This is still in use, so it was not changed.").waitFor();
    await expect(alert.textContent()).resolves.toMatch(/browse.*research-reader|research-reader.*browse/s);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect.poll(() => dialog.count()).toBe(0);
  });

  it("shows a client that registered itself (DCR) with the default role; the admin changes its role", async () => {
    const res = await fetch(`${server.url}/reg`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        client_name: "E2E Inspector",
        redirect_uris: ["http://127.0.0.1:7777/cb"],
        token_endpoint_auth_method: "none",
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
      }),
    });
    expect(res.status).toBe(201);
    dcrClientId = ((await res.json()) as { client_id: string }).client_id;

    await page().getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Clients" }).click();
    await expectHeading(page(), "Clients");
    await page().getByLabel("Search by name or client ID").fill("E2E Inspector");
    const row = page().locator("tbody tr", { hasText: "E2E Inspector" });
    await row.waitFor();
    // No role of its own: the server's default role (research-reader) is its ceiling.
    await expect(row.textContent()).resolves.toMatch(/DCR.*active/s);
    await screenshot(page(), "08-clients");
    await row.getByRole("link", { name: "E2E Inspector" }).click();
    await expectHeading(page(), "E2E Inspector");
    await page().getByText("Self-registration cannot prove who the software is").waitFor();
    const bound = page().getByRole("list", { name: "Bound roles" });
    await page().getByLabel("Add a role").selectOption({ label: "research-writer" });
    await page().getByRole("button", { name: "Add role" }).click();
    await toast(page(), "Role research-writer added");
    await bound.getByRole("link", { name: "research-writer" }).waitFor();
    // Its recent activity: what it did (registered) and what the admin changed on it (target filter).
    const activity = page().getByRole("region", { name: "Recent activity" });
    await activity.getByText("client.registered").first().waitFor();
    await activity.getByText("admin.client.role_bound").first().waitFor();
    await screenshot(page(), "09-client-detail");
  });

  it("revokes the client: disabled, with everything it held", async () => {
    await page().getByRole("button", { name: "Disable and revoke" }).click();
    const dialog = page().getByRole("dialog", { name: /^Disable E2E Inspector/ });
    await dialog.getByRole("button", { name: "Disable and revoke" }).click();
    await toast(page(), "Client disabled and its access revoked");
    await page().locator(".page-header .badge", { hasText: "disabled" }).waitFor();
    const client = await server.prisma.client.findUniqueOrThrow({ where: { id: dcrClientId } });
    expect(client.status).toBe("disabled");
    // Its software may not register again under a new client id until the admin lifts the block.
    expect(client.registrationBlocked).toBe(true);
    await page().getByText("New registrations of this software are blocked").waitFor();
    await page().getByRole("button", { name: "Lift block" }).click();
    await toast(page(), "Registrations of this software are allowed again");
    await expect.poll(async () => (await server.prisma.client.findUniqueOrThrow({ where: { id: dcrClientId } })).registrationBlocked).toBe(false);
  });

  it("finds every step in the audit trail, with the actor chain in the detail view", async () => {
    await page().getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit" }).click();
    await expectHeading(page(), "Audit");
    await page().getByRole("button", { name: /^Filters/ }).click();
    await page().getByLabel("Event type").fill("admin.*");
    await page().getByRole("button", { name: "Apply filters" }).click();
    await page().waitForURL(/type=admin/);
    const table = page().locator(".audit-table");
    for (const type of ["admin.server.created", "admin.server.tools_imported", "admin.role.created", "admin.server.updated", "admin.client.role_bound", "admin.client.updated", "admin.client.registration_unblocked"]) {
      await table.getByRole("link", { name: type, exact: true }).first().waitFor();
    }
    expect(await table.getByRole("link", { name: "admin.role.created", exact: true }).count()).toBe(2);
    await screenshot(page(), "10-audit");

    await page().getByLabel("Event type").fill("");
    await page().getByLabel("Client ID").fill(dcrClientId);
    await page().getByRole("button", { name: "Apply filters" }).click();
    await table.getByRole("link", { name: "client.registered", exact: true }).click();
    await expectHeading(page(), "client.registered");
    await page().getByRole("list").filter({ hasText: "Client" }).getByText(dcrClientId).first().waitFor();

    // The admin's own change: its actor chain names the admin (subject) and the console (client).
    await page().goto(console_(`/audit?type=admin.client.updated`));
    await page().locator(".audit-table").getByRole("link", { name: "admin.client.updated" }).first().click();
    await expectHeading(page(), "admin.client.updated");
    const chain = page().locator(".actor-chain");
    await chain.getByText("toolgate-console").waitFor();
    await expect(page().locator(".code-block").textContent()).resolves.toContain(dcrClientId);
    await screenshot(page(), "11-audit-event");
    // Read by id (GET /audit/:id); from there, every admin change to the same record (target filter).
    await page().getByRole("link", { name: "Every change to this record" }).click();
    await page().waitForURL(/target=/);
    for (const type of ["admin.client.role_bound", "admin.client.updated", "admin.client.registration_unblocked"]) {
      await page().locator(".audit-table").getByRole("link", { name: type, exact: true }).first().waitFor();
    }
    expect(await page().locator(".audit-table").getByRole("link", { name: "admin.server.created", exact: true }).count()).toBe(0);

    // And the scenario's first step, the admin's own sign-in through the console's client: the
    // password sign-in and the tokens it got, each with the admin as subject.
    const admin = await server.prisma.user.findUniqueOrThrow({ where: { email: TEST_ADMIN.email } });
    await server.toolgate.audit.flush();
    for (const type of ["login.succeeded", "token.issued"]) {
      await page().goto(console_("/audit"));
      await expectHeading(page(), "Audit");
      await page().getByRole("button", { name: /^Filters/ }).click();
      await page().getByLabel("Event type").fill(type);
      await page().getByLabel("Client ID").fill("toolgate-console");
      await page().getByRole("button", { name: "Apply filters" }).click();
      await page().waitForURL((url) => url.searchParams.get("type") === type && url.searchParams.get("clientId") === "toolgate-console");
      const row = page().locator(".audit-table tbody tr", { hasText: admin.id });
      await row.getByRole("link", { name: type, exact: true }).first().waitFor();
      await expect(row.first().textContent()).resolves.toContain("toolgate-console");
    }
    await page().locator(".audit-table").getByRole("link", { name: "token.issued", exact: true }).last().click();
    await expectHeading(page(), "token.issued");
    await page().locator(".actor-chain").getByText("toolgate-console").waitFor();
    await expect(page().locator(".code-block").textContent()).resolves.toContain("authorization_code");
  });

  it("tails the trail live", async () => {
    await page().goto(console_("/audit"));
    await expectHeading(page(), "Audit");
    await page().getByRole("button", { name: "Live tail" }).click();
    await page().getByText("Showing new events as they happen").waitFor();
    const res = await fetch(`${server.url}/reg`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ client_name: "Live Tail Probe", redirect_uris: ["http://127.0.0.1:7777/cb"], token_endpoint_auth_method: "none", grant_types: ["authorization_code"], response_types: ["code"] }),
    });
    probeClientId = ((await res.json()) as { client_id: string }).client_id;
    await page().locator(".audit-table tbody tr", { hasText: probeClientId }).waitFor({ timeout: 15_000 });
    await page().getByRole("button", { name: "Live" }).click();
  });

  it("approves a self-registered client waiting for a server that requires approval, and denies another after confirmation", async () => {
    // What the server records when such a client first asks for the server (domain/client-approval.ts).
    const serverId = serverPath.split("/").pop()!;
    await server.prisma.clientApproval.createMany({ data: [{ clientId: probeClientId, serverId }, { clientId: dcrClientId, serverId }] });
    await page().getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Approvals" }).click();
    await expectHeading(page(), "Approvals");
    await screenshot(page(), "19-approvals");
    // Denying asks first; cancelling changes nothing.
    const deny = page().getByRole("button", { name: "Deny E2E Inspector for Research" });
    const dialog = page().getByRole("dialog", { name: "Deny E2E Inspector for Research?" });
    await deny.click();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect((await server.prisma.clientApproval.findFirstOrThrow({ where: { clientId: dcrClientId } })).status).toBe("pending");
    await deny.click();
    await dialog.getByText(/refuses E2E Inspector when it asks for Research/).waitFor();
    await dialog.getByRole("button", { name: "Deny" }).click();
    await toast(page(), "E2E Inspector denied for Research");
    await expect.poll(() => deny.count()).toBe(0);
    expect((await server.prisma.clientApproval.findFirstOrThrow({ where: { clientId: dcrClientId } })).status).toBe("denied");
    await page().getByRole("button", { name: "Approve Live Tail Probe for Research" }).click();
    await toast(page(), "Live Tail Probe approved for Research");
    await page().getByText("Nothing waits for approval").waitFor();
    const approval = await server.prisma.clientApproval.findFirstOrThrow({ where: { clientId: probeClientId } });
    expect(approval.status).toBe("approved");
  });

  it("denies a client for a server from the client's own page, after confirmation", async () => {
    const res = await fetch(`${server.url}/reg`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ client_name: "Approval Probe", redirect_uris: ["http://127.0.0.1:7777/cb"], token_endpoint_auth_method: "none", grant_types: ["authorization_code"], response_types: ["code"] }),
    });
    expect(res.status).toBe(201);
    const clientId = ((await res.json()) as { client_id: string }).client_id;
    await server.prisma.clientApproval.create({ data: { clientId, serverId: serverPath.split("/").pop()! } });
    const status = async () => (await server.prisma.clientApproval.findFirstOrThrow({ where: { clientId } })).status;

    await page().goto(console_(`/clients/${encodeURIComponent(clientId)}`));
    await expectHeading(page(), "Approval Probe");
    const approvals = page().getByRole("region", { name: "Approvals" });
    await approvals.locator(".badge", { hasText: "pending" }).waitFor();
    const deny = approvals.getByRole("button", { name: "Deny Approval Probe for Research" });
    const dialog = page().getByRole("dialog", { name: "Deny Approval Probe for Research?" });
    await deny.click();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await status()).toBe("pending");
    await deny.click();
    await dialog.getByText(/refuses Approval Probe when it asks for Research/).waitFor();
    await dialog.getByRole("button", { name: "Deny", exact: true }).click();
    await toast(page(), "Approval Probe denied for Research");
    await approvals.locator(".badge", { hasText: "denied" }).waitFor();
    expect(await deny.count()).toBe(0);
    await approvals.getByRole("button", { name: "Approve Approval Probe for Research" }).waitFor();
    expect(await status()).toBe("denied");
    await page().getByRole("region", { name: "Recent activity" }).getByText("admin.client.denied").first().waitFor();
  });

  it("creates an agent whose secret is shown once, and rotates it", async () => {
    await page().goto(console_("/agents"));
    await expectHeading(page(), "Agents");
    await page().getByRole("link", { name: "New agent" }).click();
    await expectHeading(page(), "New agent");
    await page().getByLabel("Name", { exact: true }).fill("Nightly report agent");
    await page().getByRole("checkbox", { name: /^research-reader/ }).check();
    await page().getByRole("button", { name: "Create agent" }).click();
    const created = page().getByRole("dialog", { name: "Nightly report agent registered" });
    const secret = await created.locator(".copy-field", { hasText: "Client secret" }).locator("code").textContent();
    expect(secret).toMatch(/^\S{20,}$/);
    await created.getByRole("button", { name: "I have stored it" }).click();
    await expectHeading(page(), "Nightly report agent");
    await page().getByRole("button", { name: "Rotate secret" }).click();
    await page().getByRole("dialog", { name: "Rotate the client secret" }).getByRole("button", { name: "Rotate secret" }).click();
    const rotated = page().getByRole("dialog", { name: "New client secret" });
    await rotated.getByText(/previous secret keeps working until/).waitFor();
    const next = await rotated.locator(".copy-field", { hasText: "Client secret" }).locator("code").textContent();
    expect(next).not.toBe(secret);
    agent = { id: (await rotated.locator(".copy-field", { hasText: "Client ID" }).locator("code").textContent()) ?? "", secret: next ?? "" };
    await screenshot(page(), "18-secret-rotated");
    await rotated.getByRole("button", { name: "I have stored it" }).click();
    await expect.poll(() => page().getByRole("dialog").count()).toBe(0);
  });

  it("adds an upstream identity provider: https issuer checked at the field, redirect URI to register, secret write-only", async () => {
    await page().getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Identity providers" }).click();
    await expectHeading(page(), "Identity providers");
    await page().getByText("No identity providers yet").waitFor();
    await page().getByRole("link", { name: "New identity provider" }).click();
    await expectHeading(page(), "New identity provider");
    await page().getByLabel("Name", { exact: true }).fill("Company SSO");
    await page().getByLabel("Slug").fill("company");
    await page().getByLabel("Issuer").fill("http://sso.example.com");
    await page().getByLabel("Client ID").fill("toolgate");
    await page().getByLabel("Client secret").fill("upstream-client-secret");
    await page().getByRole("button", { name: "Add identity provider" }).click();
    await expect(page().locator("#field-issuer-error").textContent()).resolves.toMatch(/https/);
    expect(await page().getByLabel("Issuer").evaluate((el) => el === document.activeElement)).toBe(true);
    await page().getByLabel("Issuer").fill("https://sso.example.com");
    await page().getByRole("button", { name: "Add identity provider" }).click();
    await expectHeading(page(), "Company SSO");
    await toast(page(), "Company SSO added");
    idpPath = new URL(page().url()).pathname.replace(/^\/console/, "");
    const redirect = page().locator(".copy-field", { hasText: "Redirect URI" });
    await expect(redirect.locator("code").textContent()).resolves.toBe(`${server.url}/federation/callback`);
    await redirect.getByRole("button", { name: "Copy redirect uri" }).waitFor();
    await page().getByText("stored (encrypted, never shown)").waitFor();
    await page().getByText("admin.identity_provider.created").waitFor();
    await screenshot(page(), "25-identity-provider-detail");

    // Edit: the secret is never shown, only kept, replaced or removed.
    await page().getByRole("link", { name: "Edit", exact: true }).click();
    await expectHeading(page(), "Edit Company SSO");
    await page().getByLabel(/^Remove it/).check();
    await page().getByRole("button", { name: "Save changes" }).click();
    await toast(page(), "Company SSO saved");
    await page().getByText("none — public client with PKCE").waitFor();
    const stored = await server.prisma.identityProvider.findUniqueOrThrow({ where: { slug: "company" } });
    expect(stored.clientSecretEnc).toBeNull();

    await page().getByRole("button", { name: "Disable" }).click();
    await page().getByRole("dialog", { name: "Disable Company SSO?" }).getByRole("button", { name: "Disable provider" }).click();
    await toast(page(), "Company SSO disabled");
    await page().locator(".page-header .badge", { hasText: "disabled" }).waitFor();
    await page().getByRole("button", { name: "Enable" }).click();
    await toast(page(), "Company SSO enabled");

    await page().getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Identity providers" }).click();
    const row = page().locator("tbody tr", { hasText: "Company SSO" });
    await expect(row.textContent()).resolves.toMatch(/company.*https:\/\/sso\.example\.com.*enabled/s);
    await screenshot(page(), "24-identity-providers");
  });

  it("adds sign-in rules (an email domain, a group of one provider) and removes them, explaining what no rules means", async () => {
    await page().getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign-in policy" }).click();
    await expectHeading(page(), "Sign-in policy");
    await page().getByText("No rules: every active account may sign in.").waitFor();
    await page().getByText(/no rule can lock you out/).waitFor();

    await page().getByLabel("Email domain").fill("not a domain");
    await page().getByRole("button", { name: "Add rule" }).click();
    await expect(page().locator("#field-value-error").textContent()).resolves.toMatch(/domain such as example\.com/);
    await page().getByLabel("Email domain").fill("example.com");
    await page().getByRole("button", { name: "Add rule" }).click();
    await toast(page(), "Rule for email domain example.com added");
    await page().getByText("Only accounts that match this rule may sign in.").waitFor();

    await page().getByLabel("Let in").selectOption("group");
    await page().getByLabel("Group").fill("engineering");
    await page().getByLabel("From identity provider").selectOption({ label: "Company SSO" });
    await page().getByRole("button", { name: "Add rule" }).click();
    await toast(page(), "Rule for group engineering added");
    const rules = page().locator("table tbody tr");
    await expect.poll(() => rules.count()).toBe(2);
    await expect(rules.filter({ hasText: "engineering" }).textContent()).resolves.toContain("from Company SSO");
    const policy = await server.prisma.signInRule.findMany({ orderBy: { kind: "asc" } });
    expect(policy.map((r) => [r.kind, r.value, r.providerId !== null])).toEqual([["email_domain", "example.com", false], ["group", "engineering", true]]);

    await page().getByRole("switch", { name: "Compare listed users case-sensitively" }).check();
    await toast(page(), "Listed users now compare case-sensitively");
    await expect.poll(async () => (await server.prisma.setting.findUnique({ where: { key: "signIn.caseSensitiveUsers" } }))?.value).toBe(true);
    await page().getByRole("switch", { name: "Compare listed users case-sensitively" }).uncheck();
    await toast(page(), "Listed users now compare ignoring case");
    await screenshot(page(), "26-sign-in-policy");

    await page().getByRole("button", { name: "Remove rule email domain example.com" }).click();
    const dialog = page().getByRole("dialog", { name: "Remove the rule for email domain example.com?" });
    await dialog.getByRole("button", { name: "Remove rule" }).click();
    await toast(page(), "Rule for email domain example.com removed");
    await page().getByRole("button", { name: "Remove rule group engineering" }).click();
    const last = page().getByRole("dialog", { name: "Remove the rule for group engineering?" });
    await last.getByText("with no rules, every active account may sign in.").waitFor();
    await last.getByRole("button", { name: "Remove rule" }).click();
    await page().getByText("No rules: every active account may sign in.").waitFor();
    expect(await server.prisma.signInRule.count()).toBe(0);
  });

  it("deletes an identity provider after confirmation", async () => {
    await page().goto(console_(idpPath));
    await expectHeading(page(), "Company SSO");
    await page().getByRole("button", { name: "Delete" }).click();
    const dialog = page().getByRole("dialog", { name: "Delete Company SSO?" });
    await dialog.getByText(/keep their Toolgate accounts/).waitFor();
    await dialog.getByRole("button", { name: "Delete provider" }).click();
    await toast(page(), "Company SSO deleted");
    await expectHeading(page(), "Identity providers");
    await page().getByText("No identity providers yet").waitFor();
  });

  it("shows a consent a user gave over HTTP — on the Consents page, the client's and the user's — and revokes it", async () => {
    // Alice signs in and approves the approved self-registered client for Research, as a browser would.
    const alice = await (await api()).post("/users", { email: ALICE.email, password: ALICE.password, name: "Alice Martin", roleIds: [await roleId("research-reader")] });
    expect(alice.status, JSON.stringify(alice.body)).toBe(201);
    aliceId = alice.body.id;
    const flow = await authorize(server.url, { clientId: probeClientId, redirectUri: "http://127.0.0.1:7777/cb", resource: RESOURCE, scope: "research:read", user: ALICE, consent: "approve" });
    expect(flow.consentShown).toBe(true);
    expect(flow.callback.searchParams.get("code")).toBeTruthy();

    await page().getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Consents" }).click();
    await expectHeading(page(), "Consents");
    const row = page().locator("tbody tr", { hasText: ALICE.email });
    await expect(row.textContent()).resolves.toMatch(/Live Tail Probe.*Research.*research:read/s);
    await screenshot(page(), "27-consents");
    await page().getByLabel("MCP server").selectOption({ label: "Toolgate admin API" });
    await page().getByText("No consent matches").waitFor();
    await page().getByLabel("MCP server").selectOption({ label: "Research" });
    await row.waitFor();
    // By user, through the picker: search, choose; the choice is in the URL like every filter.
    const adminId = (await server.prisma.user.findUniqueOrThrow({ where: { email: TEST_ADMIN.email } })).id;
    const userFilter = page().getByLabel("User", { exact: true });
    await page().getByLabel("Search users").fill("alice");
    await userFilter.locator("option", { hasText: ALICE.email }).waitFor({ state: "attached" });
    await userFilter.selectOption({ label: `${ALICE.email} (Alice Martin)` });
    await page().waitForURL((url) => url.searchParams.get("userId") === aliceId);
    await row.waitFor();
    await page().getByLabel("Search users").fill(TEST_ADMIN.email);
    await userFilter.locator("option", { hasText: TEST_ADMIN.email }).waitFor({ state: "attached" });
    await userFilter.selectOption(adminId);
    await page().getByText("No consent matches").waitFor();
    // A reload keeps the filter, the picker naming the user it came with.
    await page().reload();
    await expectHeading(page(), "Consents");
    await page().getByText("No consent matches").waitFor();
    await expect.poll(() => userFilter.evaluate((el: HTMLSelectElement) => el.selectedOptions[0]?.textContent)).toContain(TEST_ADMIN.email);
    await userFilter.selectOption({ label: "Any user" });
    await row.waitFor();
    expect(new URL(page().url()).searchParams.has("userId")).toBe(false);

    await row.getByRole("link", { name: "Live Tail Probe" }).click();
    await expectHeading(page(), "Live Tail Probe");
    // The client's consents, then all of them on the Consents page filtered to this client.
    await page().getByRole("region", { name: "Consents" }).getByRole("link", { name: "Open in Consents" }).click();
    await expectHeading(page(), "Consents");
    await expect.poll(() => page().getByLabel("Client", { exact: true }).evaluate((el: HTMLSelectElement) => el.selectedOptions[0]?.textContent)).toBe(`Live Tail Probe (${probeClientId})`);
    await row.waitFor();
    await page().goBack();
    await expectHeading(page(), "Live Tail Probe");
    await page().getByRole("region", { name: "Consents" }).getByRole("link", { name: ALICE.email }).click();
    await expectHeading(page(), ALICE.email);
    const consents = page().getByRole("region", { name: "Consents" });
    await consents.getByRole("button", { name: `Revoke consent of ${ALICE.email} for Live Tail Probe on Research` }).click();
    const dialog = page().getByRole("dialog", { name: "Revoke this consent?" });
    await dialog.getByText(/asked again|sees the consent page again/).waitFor();
    await dialog.getByRole("button", { name: "Revoke consent" }).click();
    await toast(page(), `Consent of ${ALICE.email} for Live Tail Probe revoked`);
    await consents.getByText("This user has not allowed any client yet.").waitFor();
    expect(await server.prisma.consent.count({ where: { userId: aliceId } })).toBe(0);
    // consent.revoked is about the user's consent to the client, with the administrator as actor.
    const admin = await server.prisma.user.findUniqueOrThrow({ where: { email: TEST_ADMIN.email } });
    const revoked = await server.prisma.auditEvent.findMany({ where: { type: "consent.revoked" } });
    expect(revoked).toHaveLength(1);
    expect(revoked[0]).toMatchObject({ subject: aliceId, clientId: probeClientId, actorChain: [admin.id, "toolgate-console"], reason: "revoked by an administrator" });
    expect(revoked[0]!.details).toMatchObject({ grants: expect.any(Number), revokedBy: admin.id });

    // So it is in the user's recent activity at once (and in the client's), marked as an administrator's doing.
    const activity = page().getByRole("region", { name: "Recent activity" });
    const entry = activity.locator("li", { hasText: "consent.revoked" });
    await entry.getByText("by an administrator").waitFor();
    await entry.getByRole("link", { name: "consent.revoked" }).click();
    await expectHeading(page(), "consent.revoked");
    const chain = page().locator(".actor-chain");
    await chain.locator("li", { hasText: "User (whose consent)" }).getByRole("link", { name: aliceId }).waitFor();
    await chain.locator("li", { hasText: "Revoked by (administrator)" }).getByRole("link", { name: admin.id }).waitFor();
    await chain.locator("li", { hasText: "Through client" }).getByText("toolgate-console").waitFor();
    await chain.locator("li", { hasText: "Client (the consent is to)" }).getByText(probeClientId).waitFor();
    await screenshot(page(), "37-audit-consent-revoked");
    await page().goto(console_(`/clients/${encodeURIComponent(probeClientId)}`));
    await expectHeading(page(), "Live Tail Probe");
    await page().getByRole("region", { name: "Recent activity" }).locator("li", { hasText: "consent.revoked" }).getByText("by an administrator").waitFor();
  });

  it("lets an MCP server exchange users' tokens for a downstream server, limited to chosen scopes", async () => {
    const storage = await (await api()).post("/servers", { resourceUri: STORAGE, name: "Storage", scopes: [{ name: "storage:read" }, { name: "storage:write" }] });
    expect(storage.status, JSON.stringify(storage.body)).toBe(201);

    await page().goto(console_(`${serverPath}?tab=delegation`));
    await expectHeading(page(), "Research");
    await page().getByText("Research cannot exchange the tokens users send it").waitFor();
    await page().getByRole("button", { name: "Allow a downstream server" }).click();
    const dialog = page().getByRole("dialog", { name: "Allow a token exchange" });
    expect(await dialog.getByLabel("MCP server that exchanges").isDisabled()).toBe(true);
    await dialog.getByRole("button", { name: "Allow exchange" }).click();
    await expect(dialog.locator("#field-targetServerId-error").textContent()).resolves.toMatch(/id|UUID/i);
    await dialog.getByLabel("Downstream MCP server").selectOption({ label: "Storage" });
    await dialog.getByRole("checkbox", { name: "storage:read" }).check();
    await dialog.getByRole("button", { name: "Allow exchange" }).click();
    await toast(page(), "Exchange policy created");
    const outgoing = page().getByRole("region", { name: /^Outgoing/ });
    await expect(outgoing.locator("tbody tr").textContent()).resolves.toMatch(/Research.*Storage.*storage:read/s);
    await screenshot(page(), "28-server-delegation");

    await page().getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Delegation" }).click();
    await expectHeading(page(), "Delegation");
    await page().getByRole("button", { name: "Edit scopes of Research → Storage" }).click();
    const edit = page().getByRole("dialog", { name: "Scopes for Research → Storage" });
    await edit.getByRole("checkbox", { name: "storage:write" }).check();
    await edit.getByRole("button", { name: "Save scopes" }).click();
    await toast(page(), "Exchange policy saved");
    // The toast comes with the saved policy; the list reloads just after.
    await expect.poll(() => page().locator("tbody tr", { hasText: "Storage" }).textContent()).toMatch(/storage:read.*storage:write/s);
    await screenshot(page(), "29-delegation-exchange");
    const policy = await server.prisma.exchangePolicy.findFirstOrThrow({ include: { scopes: { include: { scope: true } } } });
    expect(policy.scopes.map((s) => s.scope.name).sort()).toEqual(["storage:read", "storage:write"]);
  });

  it("lets an agent act for a user (a delegation), from the agent's page, shown on the user's", async () => {
    await page().goto(console_(`/clients/${encodeURIComponent(agent.id)}`));
    await expectHeading(page(), "Nightly report agent");
    const section = page().getByRole("region", { name: "Users this agent acts for" });
    await section.getByText("This agent acts for no user").waitFor();
    await section.getByRole("button", { name: "Add a user" }).click();
    const dialog = page().getByRole("dialog", { name: "Let an agent act for a user" });
    await dialog.getByLabel("Search users").fill("alice");
    await dialog.getByLabel("User", { exact: true }).locator("option", { hasText: ALICE.email }).waitFor({ state: "attached" });
    await dialog.getByLabel("User", { exact: true }).selectOption({ label: `${ALICE.email} (Alice Martin)` });
    await dialog.getByRole("checkbox", { name: "research:read" }).check();
    await dialog.getByRole("button", { name: "Create delegation" }).click();
    await toast(page(), `Nightly report agent may now act for ${ALICE.email}`);
    await expect(section.locator("tbody tr").textContent()).resolves.toMatch(new RegExp(`${ALICE.email}.*research:read.*never`, "s"));
    const delegation = await server.prisma.delegation.findFirstOrThrow();
    expect(delegation).toMatchObject({ userId: aliceId, agentId: agent.id, scopes: ["research:read"], expiresAt: null });

    await page().goto(console_("/delegation?tab=agents"));
    await expectHeading(page(), "Delegation");
    await page().locator("tbody tr", { hasText: ALICE.email }).getByRole("link", { name: "Nightly report agent" }).waitFor();
    await screenshot(page(), "30-delegation-agents");
    await page().goto(console_(`/users/${aliceId}`));
    await expectHeading(page(), ALICE.email);
    await page().getByRole("region", { name: "Agents acting for this user" }).getByRole("link", { name: "Nightly report agent" }).waitFor();
    await page().getByRole("region", { name: "Recent activity" }).getByText("consent.granted").waitFor();
    await screenshot(page(), "31-user-detail-delegations");
  });

  it("finds a delegation by search, and edits it: widening keeps its tokens, narrowing says first that it revokes them", async () => {
    await page().goto(console_("/delegation?tab=agents"));
    await expectHeading(page(), "Delegation");
    const search = page().getByLabel("Search by user email, agent name or ID");
    await search.fill("no-such-agent");
    await page().getByText("No delegation matches").waitFor();
    await search.fill("nightly");
    const row = page().locator("tbody tr", { hasText: ALICE.email });
    await row.waitFor();
    expect(new URL(page().url()).searchParams.get("q")).toBe("nightly");

    const label = `delegation of ${ALICE.email} to Nightly report agent`;
    const dialog = page().getByRole("dialog", { name: `What Nightly report agent may do for ${ALICE.email}` });
    const warning = dialog.getByRole("note").filter({ hasText: "Saving revokes the tokens this delegation produced" });
    const narrowed = { clientId: agent.id, subject: aliceId, reason: "delegation narrowed" };
    await row.getByRole("button", { name: `Edit ${label}` }).click();
    await dialog.getByRole("checkbox", { name: "research:write" }).check();
    expect(await warning.count()).toBe(0);
    await dialog.getByRole("button", { name: "Save changes" }).click();
    await toast(page(), `Delegation of ${ALICE.email} to Nightly report agent saved`);
    await expect.poll(() => row.textContent()).toMatch(/research:read.*research:write/s);
    expect((await server.prisma.delegation.findFirstOrThrow()).scopes.sort()).toEqual(["research:read", "research:write"]);
    expect(await server.prisma.revocation.count({ where: narrowed })).toBe(0);

    // A scope taken away and an end within the next 24 hours: the dialog says what saving does.
    await row.getByRole("button", { name: `Edit ${label}` }).click();
    await dialog.getByRole("checkbox", { name: "research:write" }).uncheck();
    await warning.getByText(/may no longer use research:write/).waitFor();
    const inTwoHours = await page().evaluate(() => {
      const d = new Date(Date.now() + 2 * 3600_000);
      const two = (n: number) => String(n).padStart(2, "0");
      return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
    });
    await dialog.getByLabel("Expires").fill(inTwoHours);
    await warning.getByText(/ends before tokens already issued under it would expire/).waitFor();
    await screenshot(page(), "36-delegation-narrowing");
    await dialog.getByRole("button", { name: "Save and revoke its tokens" }).click();
    await toast(page(), "Delegation saved; the tokens it produced are revoked");
    const saved = await server.prisma.delegation.findFirstOrThrow();
    expect(saved.scopes).toEqual(["research:read"]);
    expect(Math.abs(saved.expiresAt!.getTime() - (Date.now() + 2 * 3600_000))).toBeLessThan(5 * 60_000);
    expect(await server.prisma.revocation.count({ where: narrowed })).toBe(1);
    await expect.poll(() => row.textContent()).not.toMatch(/research:write/);
  });

  it("ends a delegation from the user's page: the agent stops acting for them, its tokens for them revoked", async () => {
    await page().goto(console_(`/users/${aliceId}`));
    await expectHeading(page(), ALICE.email);
    const section = page().getByRole("region", { name: "Agents acting for this user" });
    await section.getByRole("button", { name: `End delegation of ${ALICE.email} to Nightly report agent` }).click();
    const dialog = page().getByRole("dialog", { name: "End this delegation?" });
    await dialog.getByText(/the tokens it obtained for them are revoked/).waitFor();
    await dialog.getByRole("button", { name: "End delegation" }).click();
    await toast(page(), `Nightly report agent no longer acts for ${ALICE.email}`);
    await section.getByText("No agent acts for this user.").waitFor();
    expect(await server.prisma.delegation.count()).toBe(0);
    expect(await server.prisma.revocation.count({ where: { clientId: agent.id, subject: aliceId, reason: "delegation ended" } })).toBe(1);
  });

  it("finds an exchange policy by search, narrows it and removes it, revoking the tokens exchanged under it each time", async () => {
    // Research exchanges tokens with credentials of its own: the revocations name its client.
    const research = await server.prisma.mcpServer.findUniqueOrThrow({ where: { resourceUri: RESOURCE } });
    const credentials = await (await api()).post(`/servers/${research.id}/credentials`);
    expect(credentials.status, JSON.stringify(credentials.body)).toBe(201);
    const exchanged = { clientId: String(credentials.body.clientId), audience: STORAGE };

    await page().goto(console_("/delegation"));
    await expectHeading(page(), "Delegation");
    const search = page().getByLabel("Search by server name or resource URI");
    await search.fill("nowhere.example");
    await page().getByText("No exchange policy matches").waitFor();
    await search.fill("storage.example.com");
    const row = page().locator("tbody tr", { hasText: "Storage" });
    await row.waitFor();

    await row.getByRole("button", { name: "Edit scopes of Research → Storage" }).click();
    const edit = page().getByRole("dialog", { name: "Scopes for Research → Storage" });
    await edit.getByRole("checkbox", { name: "storage:write" }).uncheck();
    await edit.getByRole("note").getByText(/may no longer get storage:write/).waitFor();
    await edit.getByRole("button", { name: "Save and revoke exchanged tokens" }).click();
    await toast(page(), "Exchange policy saved; the tokens exchanged under it are revoked");
    const policy = await server.prisma.exchangePolicy.findFirstOrThrow({ include: { scopes: { include: { scope: true } } } });
    expect(policy.scopes.map((s) => s.scope.name)).toEqual(["storage:read"]);
    expect(await server.prisma.revocation.count({ where: { ...exchanged, reason: "exchange policy narrowed" } })).toBe(1);
    await expect.poll(() => row.textContent()).not.toMatch(/storage:write/);

    await row.getByRole("button", { name: "Remove exchange Research → Storage" }).click();
    const dialog = page().getByRole("dialog", { name: "Stop Research → Storage?" });
    await dialog.getByText(/through this exchange are revoked/).waitFor();
    await dialog.getByRole("button", { name: "Remove exchange policy" }).click();
    await toast(page(), "Research → Storage removed");
    await page().getByText("No exchange policy matches").waitFor();
    expect(await server.prisma.exchangePolicy.count()).toBe(0);
    expect(await server.prisma.revocation.count({ where: { ...exchanged, reason: "exchange policy removed" } })).toBe(1);
  });

  it("shows what the deployment sets, read-only, and that no registration token is needed while registration is open", async () => {
    await page().goto(console_("/settings"));
    await expectHeading(page(), "Settings");
    const deployment = page().getByRole("region", { name: "Set by the deployment" });
    const item = (variable: string) => deployment.locator("dl > div", { hasText: variable });
    await expect(item("TOOLGATE_REGISTRATION").textContent()).resolves.toContain("Open: any MCP client may register itself");
    await expect(item("TOOLGATE_CIMD").textContent()).resolves.toContain("Accepted");
    await expect(item("TOOLGATE_DCR_RATE_LIMIT").textContent()).resolves.toContain("20 a minute");
    await expect(item("TOOLGATE_DCR_DORMANT_DAYS").textContent()).resolves.toContain("30 days");
    await expect(item("TOOLGATE_AUDIT_RETENTION_DAYS").textContent()).resolves.toContain("90 days");
    await expect(item("TOOLGATE_REFRESH_TOKEN_TTL").textContent()).resolves.toContain("14 days");
    await expect(item("TOOLGATE_SESSION_TTL").textContent()).resolves.toContain("1 day");
    expect(await deployment.locator("input, select, textarea, button").count()).toBe(0);
    const tokens = page().getByRole("region", { name: "Registration tokens" });
    await tokens.getByText("Not needed: registration is open.").waitFor();
    expect(await tokens.getByRole("button", { name: "Create registration token" }).count()).toBe(0);
    await screenshot(page(), "32-settings-registration-open");
  });

  it("puts the server's refusal next to the field it names (a taken email)", async () => {
    await page().goto(console_("/users/new"));
    await expectHeading(page(), "New user");
    await page().getByLabel("Email").fill(TEST_ADMIN.email.toUpperCase());
    await page().getByLabel("Password").fill("short");
    await page().getByRole("button", { name: "Add user" }).click();
    // Checked in the browser with the server's own schema first…
    await expect(page().locator("#field-password-error").textContent()).resolves.toMatch(/at least 12/);
    await page().getByLabel("Password").fill("a-long-enough-password");
    await page().getByRole("button", { name: "Add user" }).click();
    // …then refused by the server (409, details.field = email), shown at the field.
    await expect(page().locator("#field-email-error").textContent()).resolves.toMatch(/already exists/);
    expect(await page().getByLabel("Email").evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it("shows a retry, not a blank page, when Toolgate cannot be reached", async () => {
    await watch.allowingFailures(async () => {
      await page().route("**/api/admin/roles?**", (route) => route.abort("connectionrefused"));
      await page().goto(console_("/roles"));
      await page().getByRole("heading", { name: "Can't reach Toolgate" }).waitFor();
      await screenshot(page(), "12-network-error");
      await page().unroute("**/api/admin/roles?**");
      await page().getByRole("button", { name: "Retry" }).click();
      await page().getByRole("link", { name: "research-writer" }).waitFor();
    });
  });

  it("shows a retry, not nothing, where the overview's counts, the default-role form or the sign-in rules' providers cannot load", async () => {
    await watch.allowingFailures(async () => {
      const unreachable = (pattern: string) => page().route(pattern, (route) => route.abort("connectionrefused"));
      const cannotReach = page().getByRole("heading", { name: "Can't reach Toolgate" });

      // The counts (the MCP servers' among them) fail; the charts still show.
      await unreachable("**/api/admin/servers?**");
      await page().goto(console_("/"));
      await expectHeading(page(), "Overview");
      await cannotReach.waitFor();
      await page().getByRole("heading", { name: "Tokens issued", exact: true }).waitFor();
      await page().unroute("**/api/admin/servers?**");
      await page().getByRole("button", { name: "Retry" }).click();
      await page().locator(".tile", { hasText: "MCP servers" }).waitFor();
      expect(await cannotReach.count()).toBe(0);

      // The roles the default-role form offers fail; the rest of Settings still shows.
      await unreachable("**/api/admin/roles?**");
      await page().goto(console_("/settings"));
      await expectHeading(page(), "Settings");
      await cannotReach.waitFor();
      await page().getByRole("region", { name: "Set by the deployment" }).waitFor();
      await page().unroute("**/api/admin/roles?**");
      await page().getByRole("button", { name: "Retry" }).click();
      await page().getByLabel("Default role for self-registered clients, on every MCP server").waitFor();

      // The identity providers that rules name fail: no rules shown as if there were none.
      await unreachable("**/api/admin/identity-providers?**");
      await page().goto(console_("/sign-in-policy"));
      await expectHeading(page(), "Sign-in policy");
      await cannotReach.waitFor();
      expect(await page().getByRole("button", { name: "Add rule" }).count()).toBe(0);
      await page().unroute("**/api/admin/identity-providers?**");
      await page().getByRole("button", { name: "Retry" }).click();
      await page().getByRole("button", { name: "Add rule" }).waitFor();
    });
  });

  it("shows a retry, not a blank page, when a page's code cannot be loaded, and loads it again on Retry", async () => {
    await watch.allowingFailures(async () => {
      await page().goto(console_("/"));
      await expectHeading(page(), "Overview");
      // The roles list's chunk, not yet loaded in this document, does not arrive.
      const chunk = "**/console/assets/roles-list-page-*.js";
      let attempts = 0;
      await page().route(chunk, (route) => {
        attempts++;
        return route.abort("connectionrefused");
      });
      const nav = page().getByRole("navigation", { name: "Main" });
      await nav.getByRole("link", { name: "Roles" }).click();
      await expectHeading(page(), "This page could not be loaded");
      await page().getByRole("heading", { name: "Can't reach Toolgate" }).waitFor();
      await screenshot(page(), "39-page-load-error");
      // The navigation stays usable, and coming back to the page tries its code again.
      await nav.getByRole("link", { name: "Users" }).click();
      await expectHeading(page(), "Users");
      const tried = attempts;
      await nav.getByRole("link", { name: "Roles" }).click();
      await expectHeading(page(), "This page could not be loaded");
      expect(attempts).toBeGreaterThan(tried);
      // React.lazy keeps a failed import: Retry must import afresh for the page to show.
      await page().unroute(chunk);
      await page().getByRole("button", { name: "Retry" }).click();
      await expectHeading(page(), "Roles");
      await page().getByRole("link", { name: "research-writer" }).waitFor();
    });
  });

  it("shows a retry, not a blank page, when a page fails while rendering", async () => {
    await watch.allowingFailures(async () => {
      // An answer the roles list does not expect (no items) makes it throw while rendering.
      await page().route("**/api/admin/roles?**", (route) => route.fulfill({ status: 200, contentType: "application/json", body: "{}" }));
      await page().goto(console_("/roles"));
      await expectHeading(page(), "This page could not be shown");
      await page().getByRole("heading", { name: "Something went wrong" }).waitFor();
      await page().getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).waitFor();
      await page().unroute("**/api/admin/roles?**");
      await page().getByRole("button", { name: "Retry" }).click();
      await expectHeading(page(), "Roles");
      await page().getByRole("link", { name: "research-writer" }).waitFor();
    });
  });

  it("shows a page of its own with Reload, not a blank page, when the shell itself fails", async () => {
    await watch.allowingFailures(async () => {
      // A /me answer the sidebar does not expect (a name that is not text) makes the shell throw
      // while rendering, outside every page and so outside the page's error boundary.
      await page().route("**/api/admin/me", async (route) => {
        const response = await route.fetch();
        const me = (await response.json()) as { user: Record<string, unknown> };
        return route.fulfill({ response, json: { ...me, user: { ...me.user, name: 42 } } });
      });
      await page().goto(console_("/roles"));
      await page().getByRole("heading", { level: 1, name: "Toolgate's console hit an error" }).waitFor();
      expect(await page().getByRole("navigation", { name: "Main" }).count()).toBe(0);
      await screenshot(page(), "49-console-error");
      await page().unroute("**/api/admin/me");
      await page().getByRole("button", { name: "Reload" }).click();
      await expectHeading(page(), "Roles");
      await page().getByRole("link", { name: "research-writer" }).waitFor();
      expect(page().url()).toBe(console_("/roles"));
    });
  });

  it("renews an expired token once on a 401, and after a reload comes straight back to the same page through the sign-in session", async () => {
    // One 401 from the API: the console refreshes its token once and retries.
    let refused = 0;
    await page().route("**/api/admin/users?**", async (route) => {
      if (refused++ === 0) return route.fulfill({ status: 401, contentType: "application/json", body: JSON.stringify({ code: "auth.unauthenticated", message: "expired" }) });
      return route.continue();
    });
    const refresh = nextTokenResponse(page(), "refresh_token");
    await page().goto(console_("/users?q=admin"));
    const renewed = await refresh;
    await page().getByRole("link", { name: TEST_ADMIN.email }).waitFor();
    // The renewed tokens stay in memory too.
    await expectTokensNotStored(page(), await issuedTokens(renewed));
    await page().unroute("**/api/admin/users?**");

    // A reload forgets the in-memory tokens: the sign-in session brings the admin straight back.
    await page().goto(console_("/audit?decision=deny"));
    await expectHeading(page(), "Audit");
    await page().reload();
    await expectHeading(page(), "Audit");
    expect(page().url()).toBe(console_("/audit?decision=deny"));
    await screenshot(page(), "13-audit-denials");
  });

  it("goes through Toolgate's sign-in page and back to the same page, query included, when the refresh is refused too", async () => {
    await page().goto(console_("/"));
    await expectHeading(page(), "Overview");
    // The sign-in session is gone (its cookie with it) while the console still holds its tokens in memory…
    await browser.context.clearCookies();
    // …then the API refuses the access token and the token endpoint the refresh (a revoked grant).
    const refused = { api: 0, refresh: 0 };
    await page().route("**/token", (route) => {
      if (new URLSearchParams(route.request().postData() ?? "").get("grant_type") !== "refresh_token") return route.continue();
      refused.refresh++;
      return route.fulfill({ status: 400, json: { error: "invalid_grant", error_description: "grant request is invalid" } });
    });
    await page().route("**/api/admin/users?**", (route) => {
      if (new URL(route.request().url()).searchParams.get("q") !== "admin") return route.continue();
      refused.api++;
      return route.fulfill({ status: 401, json: { code: "auth.unauthenticated", message: "expired" } });
    });
    await page().getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
    await expectHeading(page(), "Users");
    await page().getByLabel("Search by email, name or username").fill("admin");

    await page().getByLabel("Password").waitFor();
    expect(new URL(page().url()).pathname).toMatch(/^\/interaction\//);
    expect(refused).toEqual({ api: 1, refresh: 1 });
    await page().unroute("**/token");
    await page().unroute("**/api/admin/users?**");
    await signInOnToolgatePage(page(), TEST_ADMIN);
    await expectHeading(page(), "Users");
    expect(page().url()).toBe(console_("/users?q=admin"));
    await page().getByRole("link", { name: TEST_ADMIN.email }).waitFor();
  });

  it("raises an alert on the overview for repeated failures", async () => {
    // The agent asks a dozen times for a scope none of its roles grants: refused each time.
    const auth = `Basic ${Buffer.from(`${encodeURIComponent(agent.id)}:${encodeURIComponent(agent.secret)}`).toString("base64")}`;
    for (let i = 0; i < 12; i++) {
      const res = await fetch(`${server.url}/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", authorization: auth },
        body: new URLSearchParams({ grant_type: "client_credentials", resource: RESOURCE, scope: "research:write" }),
      });
      expect(res.status).toBe(400);
    }
    await server.toolgate.audit.flush();
    await page().goto(console_("/"));
    await expectHeading(page(), "Overview");
    const alert = page().locator(".alerts").getByRole("alert").filter({ hasText: agent.id });
    await alert.getByText(/12 refused requests or failed sign-ins/).waitFor();
    await alert.getByRole("link", { name: "See the events" }).click();
    await expectHeading(page(), "Audit");
    await page().locator(".audit-table").getByRole("link", { name: "token.refused" }).first().waitFor();
  });

  it("renders the other main pages with their data", async () => {
    const pages: [string, string, string][] = [
      ["/", "Overview", "01-overview"],
      ["/agents", "Agents", "14-agents"],
      ["/users", "Users", "15-users"],
      ["/settings", "Settings", "17-settings"],
    ];
    for (const [path, heading, shot] of pages) {
      await page().goto(console_(path));
      await expectHeading(page(), heading);
      if (path === "/") await page().getByRole("heading", { name: "Tokens issued", exact: true }).waitFor();
      await screenshot(page(), shot);
    }
    await page().getByRole("link", { name: TEST_ADMIN.email }).count();
    await page().goto(console_("/users"));
    await page().getByRole("link", { name: TEST_ADMIN.email }).click();
    await expectHeading(page(), TEST_ADMIN.email);
    await page().getByRole("list", { name: "Bound roles" }).getByRole("link", { name: "toolgate-admin" }).waitFor();
    await screenshot(page(), "16-user-detail");
  });

  it("works at phone width, with the navigation in a drawer", async () => {
    await page().setViewportSize({ width: 390, height: 844 });
    onTestFinished(() => page().setViewportSize({ width: 1280, height: 860 }));
    const pages: [string, string, string][] = [
      ["/", "Overview", "20-phone-overview"],
      ["/servers", "MCP servers", "40-phone-servers"],
      [serverPath, "Research", "21-phone-server"],
      ["/roles", "Roles", "41-phone-roles"],
      ["/clients", "Clients", "22-phone-clients"],
      [`/clients/${encodeURIComponent(agent.id)}`, "Nightly report agent", "42-phone-client-detail"],
      ["/agents", "Agents", "43-phone-agents"],
      ["/approvals?status=approved", "Approvals", "44-phone-approvals"],
      ["/users", "Users", "45-phone-users"],
      [`/users/${aliceId}`, ALICE.email, "46-phone-user-detail"],
      ["/consents", "Consents", "34-phone-consents"],
      ["/delegation", "Delegation", "35-phone-delegation"],
      ["/identity-providers", "Identity providers", "47-phone-identity-providers"],
      ["/sign-in-policy", "Sign-in policy", "33-phone-sign-in-policy"],
      ["/audit", "Audit", "23-phone-audit"],
      ["/settings", "Settings", "48-phone-settings"],
    ];
    for (const [path, heading, shot] of pages) {
      await page().goto(console_(path));
      await expectHeading(page(), heading);
      // Measured with the page's data in (tables, cards, charts), not its loading states.
      await expect.poll(() => page().locator(".loading-state").count()).toBe(0);
      // What scrolls sideways on its own (tables, code, tabs) may be wide inside, but must fit itself.
      const wide = await page().evaluate(() =>
        [...document.querySelectorAll("body *")]
          .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest(".sidebar") && !el.parentElement?.closest(".table-wrap, pre, .tabs"))
          .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`),
      );
      expect(wide, `${path} is wider than the phone`).toEqual([]);
      expect(await page().evaluate(() => document.documentElement.scrollWidth - window.innerWidth), `${path} scrolls sideways`).toBeLessThanOrEqual(0);
      await screenshot(page(), shot);
    }
    await page().getByRole("button", { name: "Menu" }).click();
    await page().getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Roles" }).click();
    await expectHeading(page(), "Roles");
  }, 120_000);

  it("is usable from the keyboard: skip link, focus on the page heading, Escape closes dialogs", async () => {
    await page().goto(console_(serverPath));
    await expectHeading(page(), "Research");
    await page().keyboard.press("Tab");
    expect(await page().evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
    await page().getByRole("button", { name: "Import from tools/list" }).focus();
    await page().keyboard.press("Enter");
    await page().getByRole("dialog", { name: "Import tools from tools/list" }).waitFor();
    await page().keyboard.press("Escape");
    await expect.poll(() => page().getByRole("dialog").count()).toBe(0);
    expect(await page().evaluate(() => document.activeElement?.textContent)).toBe("Import from tools/list");
    await page().getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
    await expectHeading(page(), "Users");
    await expect.poll(() => page().evaluate(() => document.activeElement?.id)).toBe("page-title");
  });

  it("signs out through Toolgate's end-session page", async () => {
    await page().goto(console_("/"));
    await expectHeading(page(), "Overview");
    await page().getByRole("button", { name: "Sign out" }).click();
    await page().getByRole("heading", { name: "Sign out?" }).waitFor();
    await page().getByRole("button", { name: "Sign out", exact: true }).click();
    // Back at the console, which finds no session: Toolgate's sign-in page.
    await page().getByLabel("Password").waitFor();
    expect(new URL(page().url()).pathname).toMatch(/^\/interaction\//);
  });

  it("had no uncaught errors, CSP violations or failed requests", () => {
    expectNoProblems(watch.problems);
  });
});
