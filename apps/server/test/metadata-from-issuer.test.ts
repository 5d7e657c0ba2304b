import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/test-server.js";
import { createClient } from "./helpers/fixtures.js";
import { pkce } from "./helpers/oauth.js";

/**
 * Every URL Toolgate answers with comes from TOOLGATE_ISSUER, never from the request's Host or
 * X-Forwarded-* headers (a forged Host would otherwise poison cached metadata).
 */
const FORGED = { host: "evil.example.net", "x-forwarded-host": "evil.example.net", "x-forwarded-proto": "https" };
const servers: TestServer[] = [];

/** A raw HTTP request: fetch does not let a test set Host. */
function raw(base: string, path: string, headers: Record<string, string>, method = "GET", body?: string) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const url = new URL(path, base);
    const req = request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8").on("data", (c: string) => (text += c)).on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

function urlsIn(value: unknown): string[] {
  if (typeof value === "string") return /^https?:\/\//.test(value) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(urlsIn);
  if (value && typeof value === "object") return Object.values(value).flatMap(urlsIn);
  return [];
}

describe.each([
  ["without a trusted proxy", {}, "127.0.0.1"],
  ["behind a trusted proxy", { TOOLGATE_TRUST_PROXY: "true" }, "203.0.113.7"],
])("metadata %s", (_name, env, clientAddress) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { ...env, TOOLGATE_DCR_RATE_LIMIT: "1000" } });
    servers.push(server);
    await createClient(server.prisma, { id: "pinned-app" });
  });

  it.each([
    "/.well-known/oauth-authorization-server",
    "/.well-known/openid-configuration",
  ])("%s names only issuer URLs whatever Host says, and may be cached", async (path) => {
    const res = await raw(server.listenUrl, path, FORGED);
    expect(res.status).toBe(200);
    const meta = JSON.parse(res.body) as Record<string, unknown>;
    expect(res.body).not.toContain("evil.example.net");
    const endpoints = Object.entries(meta).filter(([k]) => k.endsWith("_endpoint") || k === "jwks_uri" || k === "issuer");
    expect(endpoints.length).toBeGreaterThan(6);
    for (const [key, url] of endpoints) expect(String(url).startsWith(server.url), key).toBe(true);
    for (const url of urlsIn(meta)) expect(url.includes("evil"), url).toBe(false);
    expect(meta.token_endpoint).toBe(`${server.url}/token`);
    expect(res.headers["cache-control"]).toBe("public, max-age=300");
  });

  it("lets the key set be cached for half the key propagation delay at most", async () => {
    const res = await fetch(`${server.url}/jwks`);
    expect(res.headers.get("cache-control")).toBe("public, max-age=30");
  });

  it("gives a registration's registration_client_uri and the sign-in redirect from the issuer too", async () => {
    const reg = await raw(server.listenUrl, "/reg", { ...FORGED, "content-type": "application/json" }, "POST", JSON.stringify({
      client_name: "Pinned", redirect_uris: ["http://127.0.0.1:7777/callback"], token_endpoint_auth_method: "none",
    }));
    expect(reg.status).toBe(201);
    expect(JSON.parse(reg.body).registration_client_uri).toMatch(new RegExp(`^${server.url}/reg/`));

    // The client's address is still what TOOLGATE_TRUST_PROXY says: X-Forwarded-For only from a trusted proxy.
    const spoofed = await raw(server.listenUrl, "/reg", { ...FORGED, "x-forwarded-for": "203.0.113.7", "content-type": "application/json" }, "POST", JSON.stringify({
      client_name: "Addressed", redirect_uris: ["http://127.0.0.1:7778/callback"], token_endpoint_auth_method: "none",
    }));
    const row = await server.prisma.client.findUniqueOrThrow({ where: { id: JSON.parse(spoofed.body).client_id } });
    expect(row.registeredIp).toBe(clientAddress);

    const params = new URLSearchParams({
      client_id: "pinned-app", redirect_uri: "http://127.0.0.1:7777/callback", response_type: "code",
      code_challenge: pkce().challenge, code_challenge_method: "S256",
    });
    const auth = await raw(server.listenUrl, `/auth?${params}`, FORGED);
    expect(String(auth.headers.location)).not.toContain("evil");
  });
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});
