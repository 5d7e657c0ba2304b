import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json } from "./helpers/oauth.js";
import { startTestServer, type TestServer } from "./helpers/test-server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe("authorization server metadata", () => {
  it("serves RFC 8414 metadata at /.well-known/oauth-authorization-server", async () => {
    const res = await fetch(`${server.url}/.well-known/oauth-authorization-server`);
    expect(res.status).toBe(200);
    const meta = await json(res);
    expect(meta.issuer).toBe(server.url);
    expect(meta.code_challenge_methods_supported).toEqual(["S256"]);
    expect(meta.token_endpoint_auth_methods_supported).toContain("none");
    expect(meta.authorization_response_iss_parameter_supported).toBe(true);
    expect(meta.registration_endpoint).toBe(`${server.url}/reg`);
    expect(meta.revocation_endpoint).toBe(`${server.url}/token/revocation`);
    expect(meta.introspection_endpoint).toBe(`${server.url}/token/introspection`);
    expect(meta.response_types_supported).toEqual(["code"]);
    expect(meta.grant_types_supported).toEqual(expect.arrayContaining(["authorization_code", "refresh_token", "client_credentials"]));
    expect(meta.scopes_supported).toEqual(expect.arrayContaining(["openid"]));
    expect(meta.client_id_metadata_document_supported).toBe(true);
    expect(meta.protected_resources).toContain(`${server.url}/api/admin`);
  });

  it("serves the same document at /.well-known/openid-configuration", async () => {
    const a = await (await fetch(`${server.url}/.well-known/oauth-authorization-server`)).json();
    const b = await (await fetch(`${server.url}/.well-known/openid-configuration`)).json();
    expect(b).toEqual(a);
  });

  it("publishes the signing keys at /jwks without private parts", async () => {
    const res = await fetch(`${server.url}/jwks`);
    const { keys } = await json(res);
    expect(keys.map((k: { alg: string }) => k.alg).sort()).toEqual(["ES256", "RS256"]);
    for (const key of keys) {
      expect(key.d).toBeUndefined();
      expect(key.kid).toBeTypeOf("string");
    }
  });

  it("answers health and readiness", async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await json(ready)).toMatchObject({ status: "ready" });
  });
});
