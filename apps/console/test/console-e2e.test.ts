import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { startTestServer, TEST_ADMIN, type TestServer } from "../../server/test/helpers/test-server.js";
import { BROWSER_AVAILABLE, BROWSER_REQUIRED, launchBrowser, type Browser } from "./helpers/browser.js";
import { expectHeading, expectNoProblems, screenshot, signInOnToolgatePage, toast } from "./helpers/console-steps.js";
import { watchForProblems } from "./helpers/page-problems.js";

/**
 * The real console (production build) in Debian's Chromium against a real Toolgate: an admin signs
 * in, registers an MCP server with three tools and two roles, a client registers itself (DCR) and
 * shows up with the default role, the admin changes its role and revokes it, and finds every step
 * in the audit trail. Screenshots of every main page go to test-output/screenshots/.
 */
const RESOURCE = "https://research.example.com/mcp";
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

  it("signs the admin in through Toolgate and lands where they were going", async () => {
    await page().goto(console_("/servers"));
    await page().getByLabel("Password").waitFor();
    expect(new URL(page().url()).pathname).toMatch(/^\/interaction\//);
    await screenshot(page(), "00-sign-in");
    await signInOnToolgatePage(page(), TEST_ADMIN);
    await expectHeading(page(), "MCP servers");
    expect(new URL(page().url()).pathname).toBe("/console/servers");
    // Only the PKCE verifier may pass through storage, and only for the redirect: no token anywhere.
    const stored = await page().evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    expect(stored).not.toMatch(/eyJ/);
    await page().getByRole("link", { name: "Toolgate admin API" }).waitFor();
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
    await expect(row.textContent()).resolves.toMatch(/DCR.*active.*research-reader/s);
    await screenshot(page(), "08-clients");
    await row.getByRole("link", { name: "E2E Inspector" }).click();
    await expectHeading(page(), "E2E Inspector");
    const bound = page().getByRole("list", { name: "Bound roles" });
    await bound.getByRole("link", { name: "research-reader" }).waitFor();

    await page().getByRole("button", { name: "Remove role research-reader" }).click();
    await toast(page(), "Role research-reader removed");
    await page().getByLabel("Add a role").selectOption({ label: "research-writer" });
    await page().getByRole("button", { name: "Add role" }).click();
    await toast(page(), "Role research-writer added");
    await bound.getByRole("link", { name: "research-writer" }).waitFor();
    expect(await bound.getByRole("link", { name: "research-reader" }).count()).toBe(0);
    await page().getByText("client.registered").first().waitFor();
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
  });

  it("finds every step in the audit trail, with the actor chain in the detail view", async () => {
    await page().getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit" }).click();
    await expectHeading(page(), "Audit");
    await page().getByRole("button", { name: /^Filters/ }).click();
    await page().getByLabel("Event type").fill("admin.*");
    await page().getByRole("button", { name: "Apply filters" }).click();
    await page().waitForURL(/type=admin/);
    const table = page().locator(".audit-table");
    for (const type of ["admin.server.created", "admin.server.tools_imported", "admin.role.created", "admin.server.updated", "admin.client.role_unbound", "admin.client.role_bound", "admin.client.updated"]) {
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

  it("approves a self-registered client waiting for a server that requires approval", async () => {
    // What the server records when such a client first asks for the server (domain/client-approval.ts).
    const serverId = serverPath.split("/").pop()!;
    await server.prisma.clientApproval.create({ data: { clientId: probeClientId, serverId } });
    await page().getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Approvals" }).click();
    await expectHeading(page(), "Approvals");
    await screenshot(page(), "19-approvals");
    await page().getByRole("button", { name: "Approve Live Tail Probe for Research" }).click();
    await toast(page(), "Live Tail Probe approved for Research");
    await page().getByText("Nothing waits for approval").waitFor();
    const approval = await server.prisma.clientApproval.findFirstOrThrow({ where: { clientId: probeClientId } });
    expect(approval.status).toBe("approved");
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

  it("renews an expired token, and when the session cannot be renewed goes through sign-in back to the same page", async () => {
    // One 401 from the API: the console refreshes its token once and retries.
    let refused = 0;
    await page().route("**/api/admin/users?**", async (route) => {
      if (refused++ === 0) return route.fulfill({ status: 401, contentType: "application/json", body: JSON.stringify({ code: "auth.unauthenticated", message: "expired" }) });
      return route.continue();
    });
    const refresh = page().waitForRequest((r) => r.url().endsWith("/token") && (r.postData() ?? "").includes("grant_type=refresh_token"));
    await page().goto(console_("/users?q=admin"));
    await refresh;
    await page().getByRole("link", { name: TEST_ADMIN.email }).waitFor();
    await page().unroute("**/api/admin/users?**");

    // A reload forgets the in-memory tokens: the sign-in session brings the admin straight back.
    await page().goto(console_("/audit?decision=deny"));
    await expectHeading(page(), "Audit");
    await page().reload();
    await expectHeading(page(), "Audit");
    expect(page().url()).toBe(console_("/audit?decision=deny"));
    await screenshot(page(), "13-audit-denials");
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
    for (const [path, heading, shot] of [["/", "Overview", "20-phone-overview"], [serverPath, "Research", "21-phone-server"], ["/clients", "Clients", "22-phone-clients"], ["/audit", "Audit", "23-phone-audit"]] as const) {
      await page().goto(console_(path));
      await expectHeading(page(), heading);
      const wide = await page().evaluate(() =>
        [...document.querySelectorAll("body *")]
          .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest(".table-wrap, pre, .sidebar, .tabs"))
          .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`),
      );
      expect(wide, `${path} is wider than the phone`).toEqual([]);
      expect(await page().evaluate(() => document.documentElement.scrollWidth - window.innerWidth), `${path} scrolls sideways`).toBeLessThanOrEqual(0);
      await screenshot(page(), shot);
    }
    await page().getByRole("button", { name: "Menu" }).click();
    await page().getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Roles" }).click();
    await expectHeading(page(), "Roles");
  });

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
