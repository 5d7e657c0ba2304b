import { createRemoteJWKSet, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/test-server.js";
import { createClient, createRole, createServerWithScopes } from "./helpers/fixtures.js";
import { basicAuth, expectOAuthError, tokenRequest } from "./helpers/oauth.js";

const RESOURCE = "https://research.example.com/mcp";
let server: TestServer;
let agentSecret: string;

beforeAll(async () => {
  server = await startTestServer();
  const research = await createServerWithScopes(server.prisma, {
    resourceUri: RESOURCE,
    scopes: ["research:browse", "research:export", "research:purge"],
    accessTokenTtl: 120,
  });
  const id = (name: string) => research.scopes.find((s) => s.name === name)!.id;
  const analyst = await createRole(server.prisma, "analyst", [id("research:browse"), id("research:export")]);
  const agent = await createClient(server.prisma, {
    id: "report-agent",
    kind: "agent",
    confidential: true,
    grantTypes: ["client_credentials"],
    roleIds: [analyst.id],
  });
  agentSecret = agent.clientSecret!;
  await createClient(server.prisma, { id: "no-roles", kind: "agent", confidential: true, grantTypes: ["client_credentials"] });
  await createClient(server.prisma, { id: "public-app" });
});

afterAll(async () => {
  await server?.close();
});

const cc = (body: Record<string, string | undefined>, auth = basicAuth("report-agent", agentSecret)) =>
  tokenRequest(server.url, { grant_type: "client_credentials", ...body }, auth);

describe("client_credentials", () => {
  it("issues a JWT for the agent itself: sub is the agent, no actor", async () => {
    const result = await cc({ resource: RESOURCE, scope: "research:browse" });
    expect(result.status).toBe(200);
    expect(result.body.expires_in).toBe(120);
    const { payload, protectedHeader } = await jwtVerify(String(result.body.access_token), createRemoteJWKSet(new URL(`${server.url}/jwks`)), {
      issuer: server.url,
      audience: RESOURCE,
      typ: "at+jwt",
    });
    expect(protectedHeader.typ).toBe("at+jwt");
    expect(payload).toMatchObject({ sub: "report-agent", client_id: "report-agent", scope: "research:browse", aud: RESOURCE });
    expect(payload.act).toBeUndefined();
  });

  it("defaults to the scopes the agent's roles grant when none are requested", async () => {
    const result = await cc({ resource: RESOURCE });
    expect(String(result.body.scope).split(" ").sort()).toEqual(["research:browse", "research:export"]);
  });

  it("drops scopes the agent may not have and refuses a request for only those", async () => {
    expect((await cc({ resource: RESOURCE, scope: "research:browse research:purge" })).body.scope).toBe("research:browse");
    expectOAuthError(await cc({ resource: RESOURCE, scope: "research:purge" }), "invalid_scope");
  });

  it("refuses a client without any role for the resource", async () => {
    const noRoles = await createClient(server.prisma, { id: "no-roles-2", kind: "agent", confidential: true, grantTypes: ["client_credentials"] });
    expectOAuthError(await cc({ resource: RESOURCE }, basicAuth(noRoles.clientId, noRoles.clientSecret!)), "invalid_scope");
  });

  it("requires a registered resource", async () => {
    expectOAuthError(await cc({ resource: "https://elsewhere.example.com/mcp" }), "invalid_target");
    const missing = await cc({});
    expectOAuthError(missing, "invalid_target");
    expect(String(missing.body.error_description)).toMatch(/resource parameter is required/);
    expectOAuthError(await cc({ resource: "not a uri" }), "invalid_target");
  });

  it("authenticates the client", async () => {
    expectOAuthError(await cc({ resource: RESOURCE }, basicAuth("report-agent", "wrong")), "invalid_client", 401);
    expectOAuthError(await cc({ resource: RESOURCE }, basicAuth("nobody", "wrong")), "invalid_client", 401);
  });

  it("is not available to public clients or clients without the grant", async () => {
    const publicClient = await tokenRequest(server.url, { grant_type: "client_credentials", client_id: "public-app", resource: RESOURCE });
    expect(publicClient.status).toBe(400);
    expect(["unauthorized_client", "invalid_request"]).toContain(publicClient.body.error);
  });

  it("answers unsupported_grant_type for unknown grants", async () => {
    expectOAuthError(await tokenRequest(server.url, { grant_type: "password", username: "a", password: "b" }, basicAuth("report-agent", agentSecret)), "unsupported_grant_type");
    expectOAuthError(await tokenRequest(server.url, { grant_type: "implicit" }, basicAuth("report-agent", agentSecret)), "unsupported_grant_type");
  });

  it("rejects a client whose status is disabled as if unknown", async () => {
    const c = await createClient(server.prisma, { id: "soon-disabled", kind: "agent", confidential: true, grantTypes: ["client_credentials"] });
    await server.prisma.client.update({ where: { id: c.clientId }, data: { status: "disabled" } });
    expectOAuthError(await cc({ resource: RESOURCE }, basicAuth(c.clientId, c.clientSecret!)), "invalid_client", 401);
  });
});
