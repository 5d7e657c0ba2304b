import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/test-server.js";
import { json } from "./helpers/oauth.js";

/**
 * Dynamic Client Registration: application_type as OpenID Connect Registration §2 defines it,
 * redirect URIs in canonical form only, and every refusal naming its real reason (RFC 7591 §3.2.2).
 */
let server: TestServer;

const client = (overrides: Record<string, unknown>) => ({
  client_name: "App",
  grant_types: ["authorization_code", "refresh_token"],
  response_types: ["code"],
  token_endpoint_auth_method: "none",
  ...overrides,
});

const register = async (body: unknown) => {
  const res = await fetch(`${server.url}/reg`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: res.status, body: await json(res) };
};

beforeAll(async () => {
  server = await startTestServer({ env: { TOOLGATE_DCR_RATE_LIMIT: "1000" } });
});
afterAll(async () => {
  await server?.close();
});

describe("application_type", () => {
  it.each([
    ["native, loopback", { application_type: "native", redirect_uris: ["http://127.0.0.1:7000/cb"] }, "native"],
    ["native, [::1] and localhost", { application_type: "native", redirect_uris: ["http://[::1]:7000/cb", "http://localhost:7000/cb"] }, "native"],
    ["native, private-use scheme", { application_type: "native", redirect_uris: ["com.example.app:/oauth"] }, "native"],
    ["web, https", { application_type: "web", redirect_uris: ["https://app.example.com/cb"] }, "web"],
    ["absent, loopback only: native", { redirect_uris: ["http://127.0.0.1:7000/cb"] }, "native"],
    ["absent, private-use only: native", { redirect_uris: ["com.example.app:/oauth"] }, "native"],
    ["absent, https only: the OpenID default web", { redirect_uris: ["https://app.example.com/cb"] }, "web"],
  ])("accepts %s", async (_name, body, type) => {
    const res = await register(client(body));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.application_type).toBe(type);
    const row = await server.prisma.client.findUniqueOrThrow({ where: { id: res.body.client_id } });
    expect((row.metadata as { application_type: string }).application_type).toBe(type);
  });

  it.each([
    ["web with a loopback redirect", { application_type: "web", redirect_uris: ["http://127.0.0.1:7000/cb"] }, "invalid_redirect_uri", /application_type web.*https/],
    ["web with a private-use redirect", { application_type: "web", redirect_uris: ["https://a.example.com/cb", "com.example.app:/cb"] }, "invalid_redirect_uri", /com\.example\.app:\/cb.*application_type web/],
    ["native with an https redirect", { application_type: "native", redirect_uris: ["https://app.example.com/cb"] }, "invalid_redirect_uri", /application_type native.*loopback/],
    ["absent with mixed redirects", { redirect_uris: ["https://app.example.com/cb", "http://127.0.0.1:7000/cb"] }, "invalid_client_metadata", /application_type is required/],
    ["an unknown application_type", { application_type: "desktop", redirect_uris: ["http://127.0.0.1:7000/cb"] }, "invalid_client_metadata", /web or native/],
    ["a non-string application_type", { application_type: ["native"], redirect_uris: ["http://127.0.0.1:7000/cb"] }, "invalid_client_metadata", /web or native/],
  ])("refuses %s with the reason, storing nothing", async (_name, body, error, reason) => {
    const before = await server.prisma.client.count();
    const res = await register(client(body));
    expect(res.status).toBe(400);
    expect(res.body.error).toBe(error);
    expect(res.body.error_description).toMatch(reason);
    expect(res.body.error_description).not.toMatch(/did not match/);
    expect(await server.prisma.client.count()).toBe(before);
    await server.toolgate.audit.flush();
    const audited = await server.prisma.auditEvent.findFirst({ where: { type: "client.registration_refused" }, orderBy: { id: "desc" } });
    expect(audited?.reason).toBe(`${error}: ${res.body.error_description}`);
  });
});

describe("redirect URIs", () => {
  it.each([
    ["http:/127.0.0.1/cb", "http://127.0.0.1/cb"],
    ["HTTPS://app.example.com/cb", "https://app.example.com/cb"],
    ["https://APP.example.com/cb", "https://app.example.com/cb"],
    ["http://127.0.0.1:7000", "http://127.0.0.1:7000/"],
    ["https://app.example.com:443/cb", "https://app.example.com/cb"],
    ["https://app.example.com/a/../cb", "https://app.example.com/cb"],
    ["http://0x7f.0.0.1/cb", "http://127.0.0.1/cb"],
  ])("refuses the non-canonical %s, naming the canonical form", async (uri, canonical) => {
    const before = await server.prisma.client.count();
    const res = await register(client({ redirect_uris: [uri] }));
    expect(res.status).toBe(400);
    expect(res.body.error).toBe("invalid_redirect_uri");
    expect(res.body.error_description).toContain(`register it as ${canonical}`);
    expect(await server.prisma.client.count()).toBe(before);
  });

  it.each([
    [["http://evil.example.com/cb"], /must use https/],
    [["javascript:alert(1)"], /javascript scheme/],
    [["https://app.example.com/cb#x"], /fragment/],
    [[], /at least one/],
    [Array.from({ length: 21 }, (_, i) => `https://app.example.com/${i}`), /at most 20/],
    [[42], /must be a string/],
  ])("refuses %j with the policy's reason, not a generic mismatch", async (uris, reason) => {
    const res = await register(client({ redirect_uris: uris }));
    expect(res.body.error).toBe("invalid_redirect_uri");
    expect(res.body.error_description).toMatch(reason);
    expect(res.body.error_description).not.toMatch(/did not match/);
  });
});
