import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/test-server.js";
import { createClient, createRole, createServerWithScopes, createUser } from "./helpers/fixtures.js";
import { authorize, tokenRequest } from "./helpers/oauth.js";

// oidc-provider's artifacts (sessions, interactions, grants, codes, refresh tokens…) live in
// `oidc_artifact` with the expiry oidc-provider asks for: expired ones are unusable at once and
// removed by the periodic maintenance.
const RESOURCE = "https://expiry.example.com/mcp";
const REDIRECT = "http://127.0.0.1:7777/callback";
const alice = { email: "alice@example.com", password: "alice-password-123" };

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  const research = await createServerWithScopes(server.prisma, { resourceUri: RESOURCE, scopes: ["expiry:read"] });
  const role = await createRole(server.prisma, "expiry-reader", research.scopes.map((s) => s.id));
  await createClient(server.prisma, { id: "expiry-app", roleIds: [role.id] });
  await createUser(server.prisma, { ...alice, roleIds: [role.id] });
});

afterAll(async () => {
  await server?.close();
});

const expire = (where: { model: string; grantId?: string }) =>
  server.prisma.oidcArtifact.updateMany({ where, data: { expiresAt: new Date(Date.now() - 3600_000) } });

describe("artifact expiry", () => {
  it("an expired refresh token is refused at once, and maintenance deletes expired artifacts only", async () => {
    const flow = await authorize(server.url, { clientId: "expiry-app", redirectUri: REDIRECT, resource: RESOURCE, user: alice });
    const code = flow.callback.searchParams.get("code")!;
    const tokens = await tokenRequest(server.url, { grant_type: "authorization_code", code, code_verifier: flow.verifier, redirect_uri: REDIRECT, client_id: "expiry-app" });
    expect(tokens.status).toBe(200);
    const grantId = (await server.prisma.oidcArtifact.findFirstOrThrow({ where: { model: "RefreshToken" } })).grantId!;

    await expire({ model: "RefreshToken", grantId });
    const refused = await tokenRequest(server.url, { grant_type: "refresh_token", refresh_token: String(tokens.body.refresh_token), client_id: "expiry-app" });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe("invalid_grant");

    const live = await server.prisma.oidcArtifact.count({ where: { OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] } });
    expect(live).toBeGreaterThan(0); // the session and grant at least
    await server.toolgate.runMaintenance();
    expect(await server.prisma.oidcArtifact.count({ where: { expiresAt: { lt: new Date() } } })).toBe(0);
    expect(await server.prisma.oidcArtifact.count()).toBe(live);
  });
});
