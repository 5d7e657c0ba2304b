import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { UnauthorizedError, type OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import type { OAuthClientInformationFull, OAuthClientMetadata, OAuthTokens } from "@modelcontextprotocol/sdk/shared/auth.js";
import { startWithAdminApi, type AdminApi } from "./helpers/admin-api.js";
import type { TestServer } from "./helpers/test-server.js";
import { absolute, csrfFrom, form } from "./helpers/oauth.js";
import { CookieJar } from "./helpers/cookie-jar.js";

/**
 * Step-up with the official v1 client (`@modelcontextprotocol/sdk` 1.32), unchanged, against a
 * real Toolgate: a 403 `insufficient_scope` makes it refresh — and nothing else — so Toolgate
 * answers that refresh with `invalid_grant` when the user may now be given a scope the client
 * asked for (token-policies.ts); the client then authorizes again and the step-up completes.
 * A resource server stands in for an MCP server: it verifies Toolgate's JWTs with the JWKS and
 * answers the 401/403 challenges of the MCP authorization spec.
 */
const REDIRECT = "http://127.0.0.1:6399/oauth/callback";
const TOOL_SCOPES: Record<string, string> = { browse: "r:browse", purge: "r:purge" };

let server: TestServer;
let api: AdminApi;
let mcp: Server;
let roles: { analyst: { id: string }; admin: { id: string } };

/** The resource server's behaviour, per test. */
interface ResourceOptions {
  /** `scope` of the 401 challenge; none lets the client fall back to PRM scopes_supported. */
  challengeScope?: string;
}

async function startResource(path: string, options: ResourceOptions): Promise<string> {
  const resource = `http://127.0.0.1:${(mcp.address() as { port: number }).port}${path}`;
  resources.set(path, { resource, ...options });
  return resource;
}

const resources = new Map<string, ResourceOptions & { resource: string }>();

async function handle(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? "/", "http://x");
  if (url.pathname.startsWith("/.well-known/oauth-protected-resource/")) {
    const entry = resources.get(url.pathname.slice("/.well-known/oauth-protected-resource".length));
    if (!entry) return res.writeHead(404).end();
    return json(res, 200, { resource: entry.resource, authorization_servers: [server.url], scopes_supported: ["r:browse", "r:export", "r:purge"] });
  }
  const entry = resources.get(url.pathname);
  if (!entry) return res.writeHead(404).end();
  if (req.method !== "POST") return res.writeHead(405).end();
  const body = JSON.parse(await read(req)) as { id?: number; method: string; params?: { name?: string; protocolVersion?: string } };
  const metadata = `resource_metadata="http://${req.headers.host}/.well-known/oauth-protected-resource${url.pathname}"`;
  const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
  let scopes: string[];
  try {
    const { payload } = await jwtVerify(bearer ?? "", jwks(), { issuer: server.url, audience: entry.resource, typ: "at+jwt" });
    scopes = String(payload.scope ?? "").split(" ").filter(Boolean);
  } catch {
    const scope = entry.challengeScope ? `, scope="${entry.challengeScope}"` : "";
    return json(res, 401, { error: "unauthorized" }, { "www-authenticate": `Bearer ${metadata}${scope}` });
  }
  if (body.id === undefined) return res.writeHead(202).end();
  if (body.method === "initialize") {
    return json(res, 200, { jsonrpc: "2.0", id: body.id, result: { protocolVersion: body.params?.protocolVersion, capabilities: { tools: {} }, serverInfo: { name: "research", version: "1" } } });
  }
  if (body.method === "tools/call") {
    const needed = TOOL_SCOPES[body.params?.name ?? ""]!;
    if (!scopes.includes(needed)) {
      // MCP authorization: the scopes the client has plus the one this call needs, in one challenge.
      const scope = [...new Set([...scopes, needed])].join(" ");
      return json(res, 403, { error: "insufficient_scope" }, { "www-authenticate": `Bearer error="insufficient_scope", scope="${scope}", ${metadata}` });
    }
    return json(res, 200, { jsonrpc: "2.0", id: body.id, result: { content: [{ type: "text", text: `${body.params!.name} done` }] } });
  }
  return json(res, 200, { jsonrpc: "2.0", id: body.id, error: { code: -32601, message: "not found" } });
}

let jwksCache: ReturnType<typeof createRemoteJWKSet> | undefined;
const jwks = () => (jwksCache ??= createRemoteJWKSet(new URL(`${server.url}/jwks`)));
const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
const read = (req: IncomingMessage) => new Promise<string>((resolve) => {
  let data = "";
  req.on("data", (c) => (data += c)).on("end", () => resolve(data));
});

/**
 * The user's browser: follows the authorization URL the client opens through Toolgate's sign-in
 * and consent pages (approving) to the redirect URI, and hands the code to the client.
 */
class Browser {
  readonly jar = new CookieJar();
  consentPages: string[] = [];
  constructor(private readonly user: { email: string; password: string }) {}

  async open(start: URL): Promise<URL> {
    let url = start.toString();
    let res = await this.jar.fetch(url);
    for (let hops = 0; hops < 20; hops++) {
      if (res.status === 302 || res.status === 303) {
        url = absolute(url, res.headers.get("location"));
        if (url.startsWith(REDIRECT)) return new URL(url);
        res = await this.jar.fetch(url);
        continue;
      }
      expect(res.status, url).toBe(200);
      const html = await res.text();
      const csrf = csrfFrom(html);
      if (html.includes('/login"')) {
        res = await this.jar.fetch(`${url}/login`, { method: "POST", body: form({ ...this.user, csrf }) });
      } else {
        this.consentPages.push(html);
        res = await this.jar.fetch(`${url}/confirm`, { method: "POST", body: form({ csrf }) });
      }
    }
    throw new Error("authorization did not reach the redirect URI");
  }
}

/** An OAuthClientProvider as an application built on the v1 SDK writes one: state in memory. */
class MemoryProvider implements OAuthClientProvider {
  private info: OAuthClientInformationFull | undefined;
  private saved: OAuthTokens | undefined;
  private verifier = "";
  pendingCode: string | undefined;
  authorizations: URL[] = [];
  refreshes = 0;
  constructor(private readonly browser: Browser) {}
  get redirectUrl() { return REDIRECT; }
  get clientMetadata(): OAuthClientMetadata {
    return { client_name: "v1 step-up client", redirect_uris: [REDIRECT], grant_types: ["authorization_code", "refresh_token"], response_types: ["code"], token_endpoint_auth_method: "none" };
  }
  clientInformation() { return this.info; }
  saveClientInformation(info: OAuthClientInformationFull) { this.info = info; }
  tokens() { return this.saved; }
  saveTokens(tokens: OAuthTokens) {
    if (this.saved) this.refreshes++;
    this.saved = tokens;
  }
  saveCodeVerifier(v: string) { this.verifier = v; }
  codeVerifier() { return this.verifier; }
  invalidateCredentials(scope: "all" | "client" | "tokens" | "verifier") {
    if (scope === "all" || scope === "tokens") this.saved = undefined;
    if (scope === "all" || scope === "client") this.info = undefined;
  }
  async redirectToAuthorization(url: URL) {
    this.authorizations.push(url);
    const back = await this.browser.open(url);
    this.pendingCode = back.searchParams.get("code") ?? undefined;
    expect(this.pendingCode, back.toString()).toBeTruthy();
  }
  get grantedScope() { return this.saved?.scope; }
}

/** Connects the way a v1 application does: an UnauthorizedError means "finish the browser flow, then connect again". */
async function withAuthorization<T>(provider: MemoryProvider, resource: string, work: (client: Client) => Promise<T>): Promise<T> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const transport = new StreamableHTTPClientTransport(new URL(resource), { authProvider: provider });
    const client = new Client({ name: "v1-step-up", version: "1.0.0" });
    try {
      await client.connect(transport);
      return await work(client);
    } catch (err) {
      if (!(err instanceof UnauthorizedError) || !provider.pendingCode) throw err;
      const code = provider.pendingCode;
      provider.pendingCode = undefined;
      await transport.finishAuth(code);
    } finally {
      await client.close().catch(() => undefined);
    }
  }
  throw new Error("no authorization after 3 attempts");
}

const text = (result: unknown) => ((result as { content: { text: string }[] }).content[0]!.text);

beforeAll(async () => {
  mcp = createServer((req, res) => void handle(req, res).catch((e) => res.writeHead(500).end(String(e))));
  await new Promise<void>((r) => mcp.listen(0, "127.0.0.1", () => r()));
  ({ server, api } = await startWithAdminApi({ env: { TOOLGATE_DCR_RATE_LIMIT: "1000" } }));
  roles = { analyst: { id: "" }, admin: { id: "" } };
});
afterAll(async () => {
  await server?.close();
  await new Promise<void>((r) => mcp?.close(() => r()));
});

async function researchServer(path: string, options: ResourceOptions, name: string) {
  const resource = await startResource(path, options);
  const srv = (await api.post("/servers", { resourceUri: resource, name, scopes: [{ name: "r:browse" }, { name: "r:export" }, { name: "r:purge" }] })).body;
  const ids = (...names: string[]) => names.map((n) => srv.scopes.find((s: { name: string }) => s.name === n).id);
  roles.analyst = (await api.post("/roles", { name: `${name}-analyst`, scopeIds: ids("r:browse", "r:export") })).body;
  roles.admin = (await api.post("/roles", { name: `${name}-admin`, scopeIds: ids("r:browse", "r:export", "r:purge") })).body;
  // The ceiling for self-registered clients: everything; each user's roles decide.
  await api.patch(`/servers/${srv.id}`, { defaultRoleId: roles.admin.id, version: srv.version });
  return resource;
}

describe("step-up with the official v1 client (@modelcontextprotocol/sdk 1.32)", () => {
  it("completes once the admin gives the user the role: refresh → invalid_grant → a new authorization with the wider scope", async () => {
    const resource = await researchServer("/mcp-a", {}, "v1a");
    const user = { email: "v1-alice@example.com", password: "v1-alice-password" };
    const alice = (await api.post("/users", { ...user, roleIds: [roles.analyst.id] })).body;
    const browser = new Browser(user);
    const provider = new MemoryProvider(browser);

    // First connection: DCR, sign-in, consent for everything PRM lists; purge is not Alice's.
    expect(text(await withAuthorization(provider, resource, (c) => c.callTool({ name: "browse", arguments: {} })))).toBe("browse done");
    expect(provider.authorizations).toHaveLength(1);
    expect(browser.consentPages[0]).toContain("r:purge: your account has no role that includes it");
    expect(provider.grantedScope).toBe("r:browse r:export");

    // purge before Alice has the role: the client refreshes, gets the same scopes, and stops
    // (its own loop guard) — no authorization, no consent page, no loop.
    await expect(withAuthorization(provider, resource, (c) => c.callTool({ name: "purge", arguments: {} }))).rejects.toThrow(/403 after trying upscoping/);
    expect(provider.authorizations).toHaveLength(1);
    expect(provider.refreshes).toBe(1);

    // The admin gives Alice the role; the same call now steps up, with no change to the client.
    expect((await api.put(`/users/${alice.id}/roles/${roles.admin.id}`)).status).toBe(200);
    expect(text(await withAuthorization(provider, resource, (c) => c.callTool({ name: "purge", arguments: {} })))).toBe("purge done");
    expect(provider.authorizations).toHaveLength(2);
    expect(provider.authorizations[1]!.searchParams.get("scope")).toBe("r:browse r:export r:purge");
    expect(browser.consentPages).toHaveLength(2);
    expect(provider.grantedScope).toBe("r:browse r:export r:purge");
    // And browse still works with the new token.
    expect(text(await withAuthorization(provider, resource, (c) => c.callTool({ name: "browse", arguments: {} })))).toBe("browse done");
    expect(provider.authorizations).toHaveLength(2);
  });

  it("completes when the 401 named only the minimal scope and the role came after the consent: the grant records purge as not grantable then", async () => {
    const resource = await researchServer("/mcp-c", { challengeScope: "r:browse" }, "v1c");
    const user = { email: "v1-carol@example.com", password: "v1-carol-password" };
    const carol = (await api.post("/users", { ...user, roleIds: [roles.analyst.id] })).body;
    const provider = new MemoryProvider(new Browser(user));
    expect(text(await withAuthorization(provider, resource, (c) => c.callTool({ name: "browse", arguments: {} })))).toBe("browse done");
    expect(provider.grantedScope).toBe("r:browse");
    // A refresh before anything changed is an ordinary refresh.
    await expect(withAuthorization(provider, resource, (c) => c.callTool({ name: "purge", arguments: {} }))).rejects.toThrow(/403 after trying upscoping/);
    expect(provider.authorizations).toHaveLength(1);
    // The admin widens Carol's access: the next refresh asks for a new authorization, which v1
    // makes with the 403's scopes.
    expect((await api.put(`/users/${carol.id}/roles/${roles.admin.id}`)).status).toBe(200);
    expect(text(await withAuthorization(provider, resource, (c) => c.callTool({ name: "purge", arguments: {} })))).toBe("purge done");
    expect(provider.authorizations).toHaveLength(2);
    expect(provider.authorizations[1]!.searchParams.get("scope")).toContain("r:purge");
    // Once re-authorized, refreshes are ordinary again: no second re-authorization.
    expect(text(await withAuthorization(provider, resource, (c) => c.callTool({ name: "browse", arguments: {} })))).toBe("browse done");
    expect(provider.authorizations).toHaveLength(2);
  });

  it("cannot step up a scope it never asked the authorization server for, until its access is revoked (client limitation; docs/tokens.md)", async () => {
    // The 401 names only what the first request needs, so the first authorization never asks for purge.
    const resource = await researchServer("/mcp-b", { challengeScope: "r:browse" }, "v1b");
    const user = { email: "v1-bob@example.com", password: "v1-bob-password" };
    const bob = (await api.post("/users", { ...user, roleIds: [roles.analyst.id, roles.admin.id] })).body;
    expect(bob.id).toBeTypeOf("string");
    const provider = new MemoryProvider(new Browser(user));
    expect(text(await withAuthorization(provider, resource, (c) => c.callTool({ name: "browse", arguments: {} })))).toBe("browse done");
    expect(provider.grantedScope).toBe("r:browse");
    // Bob may purge, but v1 answers the 403 with a refresh only: a refresh cannot widen (RFC 6749 §6).
    await expect(withAuthorization(provider, resource, (c) => c.callTool({ name: "purge", arguments: {} }))).rejects.toThrow(/403 after trying upscoping/);
    expect(provider.authorizations).toHaveLength(1);
    // Clearing the client's tokens does not help (its next authorization asks the 401's scope
    // again); revoking its access does: the next refresh fails, and v1 then authorizes with the
    // 403's scopes. The workaround: the user revokes the client at /account (or an admin in the
    // console), then calls again.
    const consents = (await api.get(`/consents?userId=${bob.id}`)).body.items;
    expect(consents).toHaveLength(1);
    expect((await api.delete(`/consents/${consents[0].id}`)).status).toBe(204);
    expect(text(await withAuthorization(provider, resource, (c) => c.callTool({ name: "purge", arguments: {} })))).toBe("purge done");
    expect(provider.authorizations).toHaveLength(2);
    expect(provider.authorizations[1]!.searchParams.get("scope")).toBe("r:browse r:purge");
  });
});
