import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Locator } from "playwright-core";
import { BROWSER_AVAILABLE, BROWSER_REQUIRED } from "./helpers/browser.js";
import { startConsoleSession, type ConsoleSession } from "./helpers/console-session.js";
import { expectHeading, expectNoProblems, toast } from "./helpers/console-steps.js";

/**
 * Editing and deleting through the console, as an admin does it: an MCP server's scopes, tools,
 * token lifetime and the server itself; a role's name and scopes; a user's name and status; a
 * client's redirect URIs; the clients list's filters; paging through users. Each change is
 * confirmed where it destroys something, and checked on the page and through the admin API.
 */
const LIBRARY = "https://library.example.com/mcp";
const ARCHIVE = "https://archive.example.com/mcp";
/** The users list's page size (src/pages/users/users-list-page.tsx). */
const USERS_PAGE_SIZE = 25;

let s: ConsoleSession;
let libraryId = "";
let roleId = "";

describe.skipIf(!BROWSER_AVAILABLE && !BROWSER_REQUIRED)("editing and deleting records in the console, in a real browser", () => {
  beforeAll(async () => {
    s = await startConsoleSession();
    const api = await s.api();
    const library = await api.post("/servers", { name: "Library", resourceUri: LIBRARY });
    expect(library.status, JSON.stringify(library.body)).toBe(201);
    libraryId = library.body.id;
    const archive = await api.post("/servers", { name: "Archive", resourceUri: ARCHIVE, scopes: [{ name: "archive:read" }] });
    expect(archive.status, JSON.stringify(archive.body)).toBe(201);
  });
  afterAll(async () => {
    await s?.close();
  });

  const page = () => s.page();
  const api = () => s.api();
  const library = async () => (await api()).get(`/servers/${libraryId}`);
  const dialog = (name: string) => page().getByRole("dialog", { name });
  const closed = (d: Locator) => expect.poll(() => d.count()).toBe(0);
  const tab = (name: "Tools" | "Scopes") => page().getByRole("tab", { name: new RegExp(`^${name}`) }).click();
  const panelRows = () => page().getByRole("tabpanel").locator("tbody tr");
  const listed = () => page().locator("tbody tr .row-link").allTextContents();
  const nav = (name: string) => page().getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true }).click();

  describe("an MCP server", () => {
    it("adds a scope and a tool by hand", async () => {
      await s.signIn(`/servers/${libraryId}?tab=scopes`, "Library");
      await page().getByRole("tabpanel").getByText("No scopes yet").waitFor();
      await page().getByRole("tabpanel").getByRole("button", { name: "Add scope" }).click();
      const addScope = dialog("Add a scope");
      await addScope.getByLabel("Name", { exact: true }).fill("library:read");
      await addScope.getByLabel("Description").fill("Read the catalogue");
      await addScope.getByRole("button", { name: "Add scope" }).click();
      await toast(page(), "Scope added");
      await closed(addScope);
      await expect(panelRows().filter({ hasText: "library:read" }).textContent()).resolves.toMatch(/Read the catalogue.*none/s);

      await tab("Tools");
      await page().getByRole("tabpanel").getByText("No tools yet").waitFor();
      await page().getByRole("tabpanel").getByRole("button", { name: "Add tool" }).click();
      const addTool = dialog("Add a tool");
      await addTool.getByLabel("Name", { exact: true }).fill("search");
      await addTool.getByLabel("Title").fill("Search the catalogue");
      await addTool.getByLabel("Required scope").selectOption({ label: "library:read" });
      await addTool.getByRole("checkbox", { name: "Read-only" }).check();
      await addTool.getByRole("button", { name: "Add tool" }).click();
      await toast(page(), "Tool search added");
      await closed(addTool);
      await expect(panelRows().filter({ hasText: "search" }).textContent()).resolves.toMatch(/read-only.*Search the catalogue.*library:read/s);

      const { body } = await library();
      expect(body.scopes).toMatchObject([{ name: "library:read", description: "Read the catalogue" }]);
      expect(body.tools).toMatchObject([{ name: "search", title: "Search the catalogue", readOnly: true, scopeName: "library:read" }]);
    });

    it("edits the scope and the tool", async () => {
      await tab("Scopes");
      await page().getByRole("button", { name: "Edit scope library:read" }).click();
      const editScope = dialog("Edit scope library:read");
      await expect(editScope.getByLabel("Name", { exact: true }).inputValue()).resolves.toBe("library:read");
      await editScope.getByLabel("Name", { exact: true }).fill("library:query");
      await editScope.getByRole("button", { name: "Save scope" }).click();
      await toast(page(), "Scope saved");
      await closed(editScope);
      // The tool follows its scope: renaming changes no binding.
      await expect(panelRows().filter({ hasText: "library:query" }).textContent()).resolves.toContain("search");

      await tab("Tools");
      await page().getByRole("button", { name: "Edit tool search" }).click();
      const editTool = dialog("Edit tool search");
      await editTool.getByLabel("Name", { exact: true }).fill("find");
      await editTool.getByRole("checkbox", { name: "Read-only" }).uncheck();
      await editTool.getByRole("button", { name: "Save tool" }).click();
      await toast(page(), "Tool find saved");
      await closed(editTool);
      const row = panelRows().filter({ hasText: "find" });
      await expect(row.textContent()).resolves.toMatch(/find.*writes.*library:query/s);
      expect(await panelRows().count()).toBe(1);

      const { body } = await library();
      expect(body.scopes).toMatchObject([{ name: "library:query" }]);
      expect(body.tools).toMatchObject([{ name: "find", readOnly: false, scopeName: "library:query" }]);
    });

    it("refuses to delete a scope still in use, naming the tool and the role that use it (409)", async () => {
      const scopeId = (await library()).body.scopes[0].id;
      const role = await (await api()).post("/roles", { name: "library-reader", scopeIds: [scopeId] });
      expect(role.status, JSON.stringify(role.body)).toBe(201);
      roleId = role.body.id;

      await tab("Scopes");
      await page().getByRole("button", { name: "Delete scope library:query" }).click();
      const confirm = dialog("Delete scope library:query?");
      await confirm.getByText(/no tool requires it and no role grants it/).waitFor();
      await confirm.getByRole("button", { name: "Delete scope" }).click();
      const alert = confirm.getByRole("alert");
      await alert.getByText("This is still in use, so it was not changed.").waitFor();
      const blocker = (kind: string) => alert.locator(".blockers > div", { has: page().locator("dt", { hasText: kind }) }).locator("dd").textContent();
      await expect(blocker("Tools")).resolves.toBe("find");
      await expect(blocker("Roles")).resolves.toBe("library-reader");
      await confirm.getByRole("button", { name: "Cancel" }).click();
      await closed(confirm);
      expect((await library()).body.scopes).toHaveLength(1);
    });
  });

  describe("a role", () => {
    it("edits its name and scopes", async () => {
      await nav("Roles");
      await expectHeading(page(), "Roles");
      await page().getByRole("link", { name: "library-reader" }).click();
      await expectHeading(page(), "library-reader");
      await page().getByRole("link", { name: "Edit", exact: true }).click();
      await expectHeading(page(), "Edit library-reader");
      await page().getByLabel("Name", { exact: true }).fill("catalog-reader");
      await expect(page().getByRole("checkbox", { name: /^library:query/ }).isChecked()).resolves.toBe(true);
      await page().getByRole("checkbox", { name: /^library:query/ }).uncheck();
      await page().getByRole("checkbox", { name: /^archive:read/ }).check();
      await page().getByRole("button", { name: "Save changes" }).click();
      await toast(page(), "Role catalog-reader saved");
      await expectHeading(page(), "catalog-reader");
      const scopes = page().getByRole("region", { name: /^Scopes/ });
      await scopes.getByText("archive:read").waitFor();
      expect(await scopes.getByText("library:query").count()).toBe(0);

      const { body } = await (await api()).get(`/roles/${roleId}`);
      expect(body).toMatchObject({ name: "catalog-reader", scopes: [{ name: "archive:read", resourceUri: ARCHIVE }] });
    });

    it("deletes it after confirmation, and not when cancelled", async () => {
      await page().getByRole("button", { name: "Delete", exact: true }).click();
      const confirm = dialog("Delete role catalog-reader?");
      await confirm.getByText(/unbound from 0 clients and 0 users/).waitFor();
      await confirm.getByRole("button", { name: "Cancel" }).click();
      await closed(confirm);
      expect((await (await api()).get(`/roles/${roleId}`)).status).toBe(200);

      await page().getByRole("button", { name: "Delete", exact: true }).click();
      await confirm.getByRole("button", { name: "Delete role" }).click();
      await toast(page(), "Role catalog-reader deleted");
      await expectHeading(page(), "Roles");
      await page().getByRole("link", { name: "toolgate-admin" }).waitFor();
      expect(await page().getByRole("link", { name: "catalog-reader" }).count()).toBe(0);
      expect((await (await api()).get(`/roles/${roleId}`)).status).toBe(404);
    });
  });

  describe("an MCP server, continued", () => {
    it("deletes the tool, then its scope once nothing uses it, each after confirmation", async () => {
      await page().goto(s.url(`/servers/${libraryId}?tab=tools`));
      await expectHeading(page(), "Library");
      await page().getByRole("button", { name: "Delete tool find" }).click();
      const deleteTool = dialog("Delete tool find?");
      await deleteTool.getByText(/Its scope stays/).waitFor();
      await deleteTool.getByRole("button", { name: "Delete tool" }).click();
      await toast(page(), "Tool find deleted");
      await closed(deleteTool);
      await page().getByRole("tabpanel").getByText("No tools yet").waitFor();

      await tab("Scopes");
      await page().getByRole("button", { name: "Delete scope library:query" }).click();
      const deleteScope = dialog("Delete scope library:query?");
      await deleteScope.getByRole("button", { name: "Delete scope" }).click();
      await toast(page(), "Scope library:query deleted");
      await closed(deleteScope);
      await page().getByRole("tabpanel").getByText("No scopes yet").waitFor();

      const { body } = await library();
      expect({ tools: body.tools, scopes: body.scopes }).toEqual({ tools: [], scopes: [] });
    });

    it("changes its access token lifetime, refusing one out of range at the field", async () => {
      await page().getByRole("link", { name: "Edit", exact: true }).click();
      await expectHeading(page(), "Edit Library");
      const ttl = page().getByLabel("Access token lifetime (seconds)");
      await expect(ttl.inputValue()).resolves.toBe("300");
      await ttl.fill("30");
      await page().getByRole("button", { name: "Save changes" }).click();
      await expect(page().locator("#field-accessTokenTtl-error").textContent()).resolves.toMatch(/60/);
      expect(await ttl.evaluate((el) => el === document.activeElement)).toBe(true);
      expect((await library()).body.accessTokenTtl).toBe(300);

      await ttl.fill("900");
      await page().getByRole("button", { name: "Save changes" }).click();
      await toast(page(), "MCP server saved");
      await expectHeading(page(), "Library");
      await expect(page().locator(".summary > div", { hasText: "Access token lifetime" }).locator("dd").textContent()).resolves.toBe("15 min");
      expect((await library()).body.accessTokenTtl).toBe(900);
    });

    it("deletes the server after confirmation", async () => {
      await page().getByRole("button", { name: "Delete", exact: true }).click();
      const confirm = dialog("Delete Library?");
      await confirm.getByText(LIBRARY).waitFor();
      await confirm.getByRole("button", { name: "Delete server" }).click();
      await toast(page(), "Library deleted");
      await expectHeading(page(), "MCP servers");
      await page().getByRole("link", { name: "Archive" }).waitFor();
      expect(await page().getByRole("link", { name: "Library", exact: true }).count()).toBe(0);
      expect((await library()).status).toBe(404);
    });
  });

  describe("a user", () => {
    const BOB = "bob@example.com";
    let bobId = "";
    const bob = async () => (await api()).get(`/users/${bobId}`);
    const header = () => page().locator(".page-header");

    it("edits their name", async () => {
      const created = await (await api()).post("/users", { email: BOB, name: "Bob" });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      bobId = created.body.id;
      await nav("Users");
      await page().getByRole("link", { name: BOB }).click();
      await expectHeading(page(), BOB);
      await page().getByRole("link", { name: "Edit", exact: true }).click();
      await expectHeading(page(), `Edit ${BOB}`);
      const name = page().getByRole("textbox", { name: /^Name/ });
      await expect(name.inputValue()).resolves.toBe("Bob");
      await name.fill("Robert Stone");
      await page().getByRole("button", { name: "Save changes" }).click();
      await toast(page(), "User saved");
      await expectHeading(page(), BOB);
      await header().getByText("Robert Stone").waitFor();
      expect((await bob()).body).toMatchObject({ name: "Robert Stone", status: "active" });
    });

    it("disables them after confirmation, and enables them again", async () => {
      await header().getByRole("button", { name: "Disable" }).click();
      const confirm = dialog(`Disable ${BOB}?`);
      await confirm.getByRole("button", { name: "Disable user" }).click();
      await toast(page(), "User disabled and their access revoked");
      await closed(confirm);
      await header().locator(".badge", { hasText: "disabled" }).waitFor();
      expect((await bob()).body.status).toBe("disabled");

      await header().getByRole("button", { name: "Enable" }).click();
      await toast(page(), "User enabled");
      await header().locator(".badge", { hasText: "active" }).waitFor();
      expect((await bob()).body.status).toBe("active");
    });

    it("deletes them after confirmation", async () => {
      await header().getByRole("button", { name: "Delete", exact: true }).click();
      const confirm = dialog(`Delete ${BOB}?`);
      await confirm.getByRole("button", { name: "Delete user" }).click();
      await toast(page(), `${BOB} deleted`);
      await expectHeading(page(), "Users");
      await page().getByRole("link", { name: "admin@example.com" }).waitFor();
      expect(await page().getByRole("link", { name: BOB }).count()).toBe(0);
      expect((await bob()).status).toBe(404);
    });
  });

  describe("clients", () => {
    let appId = "";
    const app = async () => (await api()).get(`/clients/${encodeURIComponent(appId)}`);

    beforeAll(async () => {
      const a = await api();
      const created = await a.post("/clients", { name: "Catalog App", redirectUris: ["https://app.example.com/cb"] });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      appId = created.body.id;
      const agent = (name: string) => a.post("/clients", { kind: "agent", name, authMethod: "client_secret_basic", grantTypes: ["client_credentials"] });
      expect((await agent("Indexer")).status).toBe(201);
      const old = await agent("Old Indexer");
      expect(old.status).toBe(201);
      expect((await a.patch(`/clients/${old.body.id}`, { status: "disabled", version: old.body.version })).status).toBe(200);
      const dcr = await fetch(`${s.server.url}/reg`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ client_name: "Self Registered", redirect_uris: ["http://127.0.0.1:7777/cb"], token_endpoint_auth_method: "none", grant_types: ["authorization_code"], response_types: ["code"] }),
      });
      expect(dcr.status).toBe(201);
    });

    it("edits a client's redirect URIs, refusing a bad one next to the field", async () => {
      await page().goto(s.url(`/clients/${encodeURIComponent(appId)}`));
      await expectHeading(page(), "Catalog App");
      await page().getByRole("link", { name: "Edit", exact: true }).click();
      await expectHeading(page(), "Edit Catalog App");
      const uris = page().getByLabel("Redirect URIs");
      await expect(uris.inputValue()).resolves.toBe("https://app.example.com/cb");
      await uris.fill("https://app.example.com/cb\nhttp://app.example.com/insecure");
      await page().getByRole("button", { name: "Save changes" }).click();
      const error = page().locator(".field", { has: uris }).locator(".field-error");
      await expect(error.textContent()).resolves.toMatch(/^item 2: must use https/);
      await expect(uris.getAttribute("aria-describedby")).resolves.toContain(await error.getAttribute("id"));
      expect(await uris.evaluate((el) => el === document.activeElement)).toBe(true);
      expect((await app()).body.redirectUris).toEqual(["https://app.example.com/cb"]);

      await uris.fill("https://app.example.com/cb\nhttp://127.0.0.1:9000/cb");
      await expect.poll(() => error.count()).toBe(0);
      await page().getByRole("button", { name: "Save changes" }).click();
      await toast(page(), "Client saved");
      await expectHeading(page(), "Catalog App");
      const shown = page().locator(".summary > div", { hasText: "Redirect URIs" }).locator("li");
      await expect.poll(() => shown.allTextContents()).toEqual(["https://app.example.com/cb", "http://127.0.0.1:9000/cb"]);
      expect((await app()).body.redirectUris).toEqual(["https://app.example.com/cb", "http://127.0.0.1:9000/cb"]);
    });

    it("narrows the list by kind and by status, in the URL", async () => {
      const expected = async (query: string) => {
        const { body } = await (await api()).get(`/clients?pageSize=200&${query}`);
        return (body.items as { name: string; id: string }[]).map((c) => c.name || c.id).sort();
      };
      const shown = async () => (await listed()).sort();
      await nav("Clients");
      await expectHeading(page(), "Clients");
      await expect.poll(shown).toEqual(await expected(""));

      await page().getByLabel("Kind").selectOption({ label: "Agents" });
      await page().waitForURL((u) => u.searchParams.get("kind") === "agent");
      await expect.poll(shown).toEqual(["Indexer", "Old Indexer"]);
      expect(await expected("kind=agent")).toEqual(["Indexer", "Old Indexer"]);

      await page().getByLabel("Status").selectOption({ label: "Disabled" });
      await page().waitForURL((u) => u.searchParams.get("kind") === "agent" && u.searchParams.get("status") === "disabled");
      await expect.poll(shown).toEqual(["Old Indexer"]);

      await page().getByLabel("Kind").selectOption({ label: "Applications" });
      await page().getByText("Nothing matches").waitFor();

      await page().getByLabel("Kind").selectOption({ label: "Self-registered (DCR)" });
      await page().getByLabel("Status").selectOption({ label: "Active" });
      await page().waitForURL((u) => u.searchParams.get("kind") === "dcr" && u.searchParams.get("status") === "active");
      await expect.poll(shown).toEqual(["Self Registered"]);

      await page().getByLabel("Kind").selectOption({ label: "Applications" });
      await expect.poll(shown).toEqual(await expected("kind=application&status=active"));
      expect(await shown()).toContain("Catalog App");
      expect(await shown()).not.toContain("Indexer");
    });

    it("deletes a client after confirmation", async () => {
      await page().getByRole("link", { name: "Catalog App" }).click();
      await expectHeading(page(), "Catalog App");
      await page().getByRole("button", { name: "Delete", exact: true }).click();
      const confirm = dialog("Delete Catalog App?");
      await confirm.getByText(/role bindings are deleted/).waitFor();
      await confirm.getByRole("button", { name: "Delete client" }).click();
      await toast(page(), "Catalog App deleted");
      await expectHeading(page(), "Clients");
      await page().getByRole("link", { name: "Indexer", exact: true }).waitFor();
      expect(await page().getByRole("link", { name: "Catalog App" }).count()).toBe(0);
      expect((await app()).status).toBe(404);
    });
  });

  it("pages through more than one page of users with Next and Previous, the page in the URL and kept by a reload", async () => {
    const a = await api();
    for (let i = 1; i <= USERS_PAGE_SIZE + 5; i++) {
      const res = await a.post("/users", { email: `pager-${String(i).padStart(2, "0")}@example.com` });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const pageOf = async (n: number) => {
      const { body } = await a.get(`/users?page=${n}&pageSize=${USERS_PAGE_SIZE}`);
      return { emails: (body.items as { email: string }[]).map((u) => u.email), total: body.total as number };
    };
    const [first, second] = [await pageOf(1), await pageOf(2)];
    expect(first.total).toBeGreaterThan(USERS_PAGE_SIZE);
    expect(first.total).toBeLessThanOrEqual(2 * USERS_PAGE_SIZE);
    const pages = page().getByRole("navigation", { name: "Pages" });
    const previous = pages.getByRole("button", { name: "Previous" });
    const next = pages.getByRole("button", { name: "Next" });
    const onPage = async (n: 1 | 2) => {
      const expected = n === 1 ? first : second;
      await expect.poll(listed).toEqual(expected.emails);
      await pages.getByText(`Page ${n} of 2`).waitFor();
      const from = (n - 1) * USERS_PAGE_SIZE + 1;
      await pages.getByText(`${from}–${from + expected.emails.length - 1} of ${first.total}`).waitFor();
      await expect(previous.isDisabled()).resolves.toBe(n === 1);
      await expect(next.isDisabled()).resolves.toBe(n === 2);
    };

    await nav("Users");
    await expectHeading(page(), "Users");
    await onPage(1);
    expect(new URL(page().url()).search).toBe("");

    await next.click();
    await page().waitForURL((u) => u.searchParams.get("page") === "2");
    await onPage(2);

    // A reload loses the in-memory tokens; the sign-in session brings the admin back to page 2.
    await page().reload();
    await expectHeading(page(), "Users");
    expect(new URL(page().url()).searchParams.get("page")).toBe("2");
    await onPage(2);

    await previous.click();
    await page().waitForURL((u) => !u.searchParams.has("page"));
    await onPage(1);

    // Regression: a page past the end (a stale link, or the list shrank since) said "No users yet"
    // with no way back to the pages that exist.
    await page().goto(s.url("/users?page=9"));
    await expectHeading(page(), "Users");
    await page().getByRole("heading", { name: "Page 9 is past the end" }).waitFor();
    expect(await page().getByText("No users yet").count()).toBe(0);
    await page().getByRole("button", { name: "Go to page 2" }).click();
    await page().waitForURL((u) => u.searchParams.get("page") === "2");
    await onPage(2);
  });

  it("had no uncaught errors, CSP violations or failed requests", () => {
    expectNoProblems(s.watch.problems);
  });
});
