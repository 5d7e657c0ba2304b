import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/test-server.js";
import { adminApi, adminToken } from "./helpers/admin-api.js";
import { basicAuth, expectOAuthError, tokenRequest } from "./helpers/oauth.js";

/**
 * After `POST /api/admin/clients/:id/secret` the previous secret keeps working for the grace
 * period, then stops (oidc/client-secret-check.ts at the token endpoint, api/resource-server-auth.ts
 * for an MCP server's own credentials). Time is moved by setting `previousSecretExpiresAt` in the
 * past, as the clock would.
 */
const RESOURCE = "https://rotation.example.com/mcp";
let server: TestServer;
let api: ReturnType<typeof adminApi>;
let agent: { id: string; clientSecret: string };

beforeAll(async () => {
  server = await startTestServer();
  api = adminApi(server, await adminToken(server));
  const srv = (await api.post("/servers", { resourceUri: RESOURCE, name: "Rotation", scopes: [{ name: "rotation:read" }] })).body;
  const role = (await api.post("/roles", { name: "rotation-reader", scopeIds: [srv.scopes[0].id] })).body;
  const created = await api.post("/clients", {
    kind: "agent", name: "Rotating agent", authMethod: "client_secret_basic", grantTypes: ["client_credentials"], roleIds: [role.id],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  agent = created.body;
});
afterAll(async () => {
  await server?.close();
});

const token = (clientId: string, secret: string) =>
  tokenRequest(server.url, { grant_type: "client_credentials", resource: RESOURCE, scope: "rotation:read" }, basicAuth(clientId, secret));

async function expectToken(clientId: string, secret: string) {
  const res = await token(clientId, secret);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.scope).toBe("rotation:read");
}

const endGrace = (clientId: string) =>
  server.prisma.client.update({ where: { id: clientId }, data: { previousSecretExpiresAt: new Date(Date.now() - 1000) } });

describe("client secret rotation grace period", () => {
  it("the old secret works during the grace period and answers invalid_client once it has passed", async () => {
    await expectToken(agent.id, agent.clientSecret);
    const started = Date.now();
    const rotated = await api.post(`/clients/${agent.id}/secret`, { graceSeconds: 3600 });
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
    const newSecret: string = rotated.body.clientSecret;
    expect(newSecret).not.toBe(agent.clientSecret);
    const expiresAt = Date.parse(rotated.body.previousSecretExpiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(started + 3600_000 - 1000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 3600_000 + 1000);

    // During the grace period: both.
    await expectToken(agent.id, newSecret);
    await expectToken(agent.id, agent.clientSecret);
    expectOAuthError(await token(agent.id, "not-a-secret-of-this-client"), "invalid_client", 401);

    // Once it has passed: the new one only.
    await endGrace(agent.id);
    expectOAuthError(await token(agent.id, agent.clientSecret), "invalid_client", 401);
    await expectToken(agent.id, newSecret);
    await server.toolgate.audit.flush();
    const refused = await server.prisma.auditEvent.findMany({ where: { type: "token.refused", clientId: agent.id } });
    expect(refused.length).toBeGreaterThanOrEqual(2);

    // Introspection authenticates the same way.
    const introspect = (secret: string) => fetch(`${server.url}/token/introspection`, {
      method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", authorization: basicAuth(agent.id, secret) }, body: "token=x",
    });
    expect((await introspect(agent.clientSecret)).status).toBe(401);
    expect((await introspect(newSecret)).status).toBe(200);
    agent.clientSecret = newSecret;
  });

  it("a second rotation ends the grace of the secret before it", async () => {
    const first = (await api.post(`/clients/${agent.id}/secret`, { graceSeconds: 3600 })).body.clientSecret as string;
    const second = (await api.post(`/clients/${agent.id}/secret`, { graceSeconds: 3600 })).body.clientSecret as string;
    // Only one previous secret is kept: the one just replaced.
    expectOAuthError(await token(agent.id, agent.clientSecret), "invalid_client", 401);
    await expectToken(agent.id, first);
    await expectToken(agent.id, second);
    agent.clientSecret = second;
  });

  it("an MCP server's own credentials keep their old secret for the grace period on the revocation feed", async () => {
    const srv = (await api.get("/servers?q=rotation.example.com")).body.items[0];
    const creds = (await api.post(`/servers/${srv.id}/credentials`)).body as { clientId: string; clientSecret: string };
    const feed = (secret: string) => fetch(`${server.url}/api/revocations?after=0`, { headers: { authorization: basicAuth(creds.clientId, secret) } });
    expect((await feed(creds.clientSecret)).status).toBe(200);

    const rotated = await api.post(`/clients/${creds.clientId}/secret`, { graceSeconds: 600 });
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
    expect((await feed(rotated.body.clientSecret)).status).toBe(200);
    expect((await feed(creds.clientSecret)).status).toBe(200);

    await endGrace(creds.clientId);
    const refused = await feed(creds.clientSecret);
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toMatch(/^Basic /);
    expect(await refused.json()).toMatchObject({ code: "auth.unauthenticated" });
    expect((await feed(rotated.body.clientSecret)).status).toBe(200);
  });

  it("replacing an MCP server's credentials ends every earlier secret at once, even one in its grace period", async () => {
    const srv = (await api.get("/servers?q=rotation.example.com")).body.items[0];
    const creds = (await api.post(`/servers/${srv.id}/credentials`)).body as { clientId: string; clientSecret: string };
    const feed = (secret: string) => fetch(`${server.url}/api/revocations?after=0`, { headers: { authorization: basicAuth(creds.clientId, secret) } });
    const rotated = (await api.post(`/clients/${creds.clientId}/secret`, { graceSeconds: 600 })).body as { clientSecret: string };
    expect((await feed(creds.clientSecret)).status).toBe(200);

    const replaced = (await api.post(`/servers/${srv.id}/credentials`)).body as { clientSecret: string };
    expect((await feed(replaced.clientSecret)).status).toBe(200);
    expect((await feed(rotated.clientSecret)).status).toBe(401);
    expect((await feed(creds.clientSecret)).status).toBe(401);
  });
});
