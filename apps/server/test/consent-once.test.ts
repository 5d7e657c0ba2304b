import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWithAdminApi, type AdminApi } from "./helpers/admin-api.js";
import type { TestServer } from "./helpers/test-server.js";
import { authorize, json, tokenRequest } from "./helpers/oauth.js";
import { CookieJar } from "./helpers/cookie-jar.js";

/**
 * When the consent page shows again for a client the user already approved (docs/security.md,
 * "Authorization requests"): always for loopback and private-use redirects, whatever the client
 * declared as application_type (RFC 8252 §8.6); once for clients with an https redirect — and
 * the official MCP client gets no reason to send prompt=consent (offline_access is not
 * advertised, refresh tokens do not need it).
 */
const RESOURCE = "https://once.example.com/mcp";
const LOOPBACK = "http://127.0.0.1:7311/callback";
const user = { email: "once@example.com", password: "once-user-password" };
const cert = readFileSync(fileURLToPath(new URL("./fixtures/cimd-test-cert.pem", import.meta.url)));
const key = readFileSync(fileURLToPath(new URL("./fixtures/cimd-test-key.pem", import.meta.url)));

let server: TestServer;
let api: AdminApi;
let docServer: Server;
let docBase: string;
const documents = new Map<string, string>();

function trustingFetch(): typeof fetch {
  const Agent = (globalThis as Record<symbol, { constructor: new (o: object) => unknown } | undefined>)[Symbol.for("undici.globalDispatcher.1")]!.constructor;
  const dispatcher = new Agent({ connect: { ca: cert } });
  return ((url: string | URL, init: RequestInit = {}) => fetch(url, { ...init, dispatcher } as RequestInit)) as typeof fetch;
}

async function register(body: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${server.url}/reg`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ client_name: "Once", token_endpoint_auth_method: "none", ...body }),
  });
  const out = await json(res);
  expect(res.status, JSON.stringify(out)).toBe(201);
  return String(out.client_id);
}

function cimd(path: string, metadata: Record<string, unknown>): string {
  const clientId = `${docBase}${path}`;
  documents.set(path, JSON.stringify({ client_id: clientId, client_name: "Doc", token_endpoint_auth_method: "none", ...metadata }));
  return clientId;
}

beforeAll(async () => {
  docServer = createServer({ cert, key }, (req, res) => {
    const body = documents.get(req.url ?? "");
    if (!body) return res.writeHead(404).end();
    res.writeHead(200, { "content-type": "application/json", "cache-control": "max-age=60" }).end(body);
  });
  await new Promise<void>((r) => docServer.listen(0, "127.0.0.1", () => r()));
  docBase = `https://127.0.0.1:${(docServer.address() as { port: number }).port}`;
  await fetch(`${docBase}/`).catch(() => undefined); // initialise Node's global dispatcher
  ({ server, api } = await startWithAdminApi({ env: { TOOLGATE_CIMD_ALLOW_PRIVATE_ADDRESSES: "true", TOOLGATE_DCR_RATE_LIMIT: "1000", TOOLGATE_LOGIN_RATE_LIMIT: "1000" }, fetch: trustingFetch() }));
  const srv = (await api.post("/servers", { resourceUri: RESOURCE, name: "Once", scopes: [{ name: "once:read" }] })).body;
  const role = (await api.post("/roles", { name: "once-reader", scopeIds: [srv.scopes[0].id] })).body;
  await api.patch(`/servers/${srv.id}`, { defaultRoleId: role.id, version: 1 });
  await api.post("/users", { ...user, roleIds: [role.id] });
  await api.post("/clients", { clientId: "once-app-loopback", name: "Loopback app", redirectUris: [LOOPBACK], roleIds: [role.id] });
  await api.post("/clients", { clientId: "once-app-web", name: "Web app", redirectUris: ["https://app.once.example/cb"], roleIds: [role.id] });
  await api.post("/clients", { clientId: "once-app-web2", name: "Web app 2", redirectUris: ["https://app2.once.example/cb"], roleIds: [role.id] });
});
afterAll(async () => {
  await server?.close();
  await new Promise<void>((r) => docServer?.close(() => r()));
});

describe("consent for a client the user already approved", () => {
  it("is not pushed by discovery: offline_access is not advertised, and refresh tokens come without it", async () => {
    for (const path of ["/.well-known/openid-configuration", "/.well-known/oauth-authorization-server"]) {
      const meta = await json(await fetch(`${server.url}${path}`));
      expect(meta.scopes_supported, path).toContain("openid");
      expect(meta.scopes_supported, path).not.toContain("offline_access");
      expect(meta.grant_types_supported, path).toContain("refresh_token");
    }
    const flow = await authorize(server.url, { clientId: "once-app-web", redirectUri: "https://app.once.example/cb", resource: RESOURCE, scope: "once:read", user });
    const tokens = await tokenRequest(server.url, {
      grant_type: "authorization_code", code: flow.callback.searchParams.get("code")!, code_verifier: flow.verifier, redirect_uri: "https://app.once.example/cb", client_id: "once-app-web",
    });
    expect(tokens.body.refresh_token).toBeTypeOf("string");
    // The grant belongs to the client, not to the browser session: signing out does not end it.
    await flow.jar.fetch(`${server.url}/session/end`);
    await server.prisma.oidcArtifact.deleteMany({ where: { model: "Session" } });
    const refreshed = await tokenRequest(server.url, { grant_type: "refresh_token", refresh_token: String(tokens.body.refresh_token), client_id: "once-app-web" });
    expect(refreshed.status, JSON.stringify(refreshed.body)).toBe(200);
  });

  // [what the client is, how it registered, consent shown on the second authorization]
  const cases: [string, () => Promise<{ clientId: string; redirectUri: string }>, boolean][] = [
    ["DCR declaring native, loopback", async () => ({ clientId: await register({ application_type: "native", redirect_uris: [LOOPBACK], client_name: "Native" }), redirectUri: LOOPBACK }), true],
    ["DCR without application_type, loopback", async () => ({ clientId: await register({ redirect_uris: [LOOPBACK], client_name: "Unstated" }), redirectUri: LOOPBACK }), true],
    ["DCR, private-use scheme", async () => ({ clientId: await register({ application_type: "native", redirect_uris: ["com.example.once:/cb"], client_name: "Private use" }), redirectUri: "com.example.once:/cb" }), true],
    ["CIMD without application_type, loopback", async () => ({ clientId: cimd("/loopback.json", { redirect_uris: [LOOPBACK] }), redirectUri: LOOPBACK }), true],
    ["pre-registered application, loopback", async () => ({ clientId: "once-app-loopback", redirectUri: LOOPBACK }), true],
    ["DCR, https redirect", async () => ({ clientId: await register({ application_type: "web", redirect_uris: ["https://connector.once.example/cb"], client_name: "Hosted" }), redirectUri: "https://connector.once.example/cb" }), false],
    ["CIMD, https redirect", async () => ({ clientId: cimd("/hosted.json", { redirect_uris: ["https://doc.once.example/cb"] }), redirectUri: "https://doc.once.example/cb" }), false],
    ["pre-registered application, https redirect", async () => ({ clientId: "once-app-web2", redirectUri: "https://app2.once.example/cb" }), false],
  ];

  // A self-registered client declaring `web` with a loopback redirect is refused at registration
  // (registration-application-type.test.ts), so it cannot skip consent that way; an admin-created
  // application (web by default) with a loopback redirect is in the table: the rule follows the
  // redirect URI, not the declared type.
  it("DCR declaring web with a loopback redirect is refused, so it never reaches consent", async () => {
    const res = await fetch(`${server.url}/reg`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ application_type: "web", redirect_uris: [LOOPBACK], client_name: "Web on loopback" }) });
    expect(res.status).toBe(400);
    expect((await json(res)).error).toBe("invalid_redirect_uri");
  });

  it.each(cases.map(([name, setup, shownAgain]) => ({ name, setup, shownAgain })))("$name: consent shown again → $shownAgain", async ({ setup, shownAgain }) => {
    const { clientId, redirectUri } = await setup();
    const first = await authorize(server.url, { clientId, redirectUri, resource: RESOURCE, scope: "once:read", user });
    expect(first.consentShown).toBe(true);
    expect(first.callback.searchParams.get("code"), first.callback.toString()).toBeTruthy();
    // In the same browser session (the session still holds the grant), and in a new one.
    for (const jar of [first.jar, new CookieJar()]) {
      const again = await authorize(server.url, { clientId, redirectUri, resource: RESOURCE, scope: "once:read", user, jar });
      expect(again.consentShown).toBe(shownAgain);
      expect(again.callback.searchParams.get("code"), again.callback.toString()).toBeTruthy();
    }
    // Asking for consent explicitly is honoured for everyone (OpenID Connect Core §3.1.2.1).
    const asked = await authorize(server.url, { clientId, redirectUri, resource: RESOURCE, scope: "once:read", user, jar: first.jar, extra: { prompt: "consent" } });
    expect(asked.consentShown).toBe(true);
  });
});
