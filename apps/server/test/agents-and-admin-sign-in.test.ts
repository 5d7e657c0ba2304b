import { randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_ADMIN, type TestServer } from "./helpers/test-server.js";
import { startWithAdminApi, type AdminApi } from "./helpers/admin-api.js";
import { authorize, decodeJwt, expectOAuthError, tokenRequest } from "./helpers/oauth.js";

const RESOURCE = "https://agents.example.com/mcp";
let server: TestServer;
let api: AdminApi;

beforeAll(async () => ({ server, api } = await startWithAdminApi()));
afterAll(() => server?.close());

describe("agents", () => {
  it("authenticate with private_key_jwt and get tokens carrying only their roles' scopes, sub = the agent", async () => {
    const srv = (await api.post("/servers", { resourceUri: RESOURCE, name: "Agents", scopes: [{ name: "a:read" }, { name: "a:write" }] })).body;
    const role = (await api.post("/roles", { name: "reader", scopeIds: [srv.scopes.find((s: { name: string }) => s.name === "a:read").id] })).body;
    const { privateKey, publicKey } = await generateKeyPair("ES256");
    const jwk = { ...(await exportJWK(publicKey)), kid: "agent-key-1", alg: "ES256", use: "sig" };
    const agent = await api.post("/clients", {
      kind: "agent", name: "Key agent", authMethod: "private_key_jwt", grantTypes: ["client_credentials"], jwks: { keys: [jwk] }, roleIds: [role.id],
    });
    expect(agent.status, JSON.stringify(agent.body)).toBe(201);
    expect(agent.body.clientSecret).toBeUndefined();

    const assertion = () =>
      new SignJWT({})
        .setProtectedHeader({ alg: "ES256", kid: "agent-key-1" })
        .setIssuer(agent.body.id)
        .setSubject(agent.body.id)
        .setAudience(server.url)
        .setJti(randomUUID())
        .setIssuedAt()
        .setExpirationTime("1m")
        .sign(privateKey);
    const token = await tokenRequest(server.url, {
      grant_type: "client_credentials",
      resource: RESOURCE,
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      client_assertion: await assertion(),
    });
    expect(token.status, JSON.stringify(token.body)).toBe(200);
    expect(token.body.scope).toBe("a:read");
    const claims = decodeJwt(String(token.body.access_token)).payload;
    expect(claims).toMatchObject({ sub: agent.body.id, client_id: agent.body.id, aud: RESOURCE });
    expect(claims.act).toBeUndefined();

    const { privateKey: otherKey } = await generateKeyPair("ES256");
    const forged = await new SignJWT({}).setProtectedHeader({ alg: "ES256", kid: "agent-key-1" }).setIssuer(agent.body.id).setSubject(agent.body.id)
      .setAudience(server.url).setJti(randomUUID()).setIssuedAt().setExpirationTime("1m").sign(otherKey);
    expectOAuthError(await tokenRequest(server.url, {
      grant_type: "client_credentials", resource: RESOURCE,
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", client_assertion: forged,
    }), "invalid_client", 401);
  });
});

describe("administrators sign in through Toolgate's own pages", () => {
  it("the console client gets an admin API token for an admin user, without a consent page", async () => {
    const flow = await authorize(server.url, {
      clientId: "toolgate-console",
      redirectUri: `${server.url}/console/callback`,
      resource: `${server.url}/api/admin`,
      user: TEST_ADMIN,
    });
    expect(flow.consentShown).toBe(false);
    const code = flow.callback.searchParams.get("code");
    expect(code, flow.callback.toString()).toBeTruthy();
    const token = await tokenRequest(server.url, {
      grant_type: "authorization_code", code: code!, code_verifier: flow.verifier, redirect_uri: `${server.url}/console/callback`, client_id: "toolgate-console",
    });
    expect(token.body.scope).toBe("toolgate:admin");
    const res = await fetch(`${server.url}/api/admin/servers`, { headers: { authorization: `Bearer ${token.body.access_token}` } });
    expect(res.status).toBe(200);
  });

  it("refuses the admin scope to a user without the admin role", async () => {
    await api.post("/users", { email: "plain@example.com", password: "plain-password-123" });
    const flow = await authorize(server.url, {
      clientId: "toolgate-console",
      redirectUri: `${server.url}/console/callback`,
      resource: `${server.url}/api/admin`,
      user: { email: "plain@example.com", password: "plain-password-123" },
    });
    expect(flow.callback.searchParams.get("error")).toBe("invalid_scope");
  });
});
