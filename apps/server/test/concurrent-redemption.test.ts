import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/test-server.js";
import { createClient, createRole, createServerWithScopes, createUser } from "./helpers/fixtures.js";
import { authorize, basicAuth, introspect, tokenRequest } from "./helpers/oauth.js";

// A code or a refresh token is good for one redemption even when several arrive at once
// (RFC 9700 §4.14.2, OAuth 2.1 §4.1.3): the store, not a read-then-write check, decides.
const RESOURCE = "https://research.example.com/mcp";
const REDIRECT = "http://127.0.0.1:7777/callback";
const PARALLEL = 8;
const alice = { email: "alice@example.com", password: "alice-password-123" };

let server: TestServer;
let resourceServerAuth: string;

beforeAll(async () => {
  server = await startTestServer();
  const { prisma } = server;
  const research = await createServerWithScopes(prisma, { resourceUri: RESOURCE, scopes: ["research:browse"] });
  const role = await createRole(prisma, "browser", research.scopes.map((s) => s.id));
  await createClient(prisma, { id: "inspector", roleIds: [role.id] });
  const resourceServer = await createClient(prisma, { id: "resource-server", confidential: true, grantTypes: ["client_credentials"] });
  resourceServerAuth = basicAuth(resourceServer.clientId, resourceServer.clientSecret!);
  await createUser(prisma, { ...alice, roleIds: [role.id] });
});

afterAll(async () => {
  await server?.close();
});

async function signIn() {
  const flow = await authorize(server.url, { clientId: "inspector", redirectUri: REDIRECT, resource: RESOURCE, scope: "research:browse", user: alice });
  return { code: flow.callback.searchParams.get("code")!, verifier: flow.verifier };
}

const redeemCode = (code: string, verifier: string) =>
  tokenRequest(server.url, { grant_type: "authorization_code", code, code_verifier: verifier, redirect_uri: REDIRECT, client_id: "inspector", resource: RESOURCE });

const refresh = (refreshToken: string) =>
  tokenRequest(server.url, { grant_type: "refresh_token", refresh_token: refreshToken, client_id: "inspector", resource: RESOURCE });

const isActive = async (token: string) =>
  (await introspect(server.url, token, resourceServerAuth)).active;

/**
 * Sends `redeem` PARALLEL times at once: exactly one answer issues tokens, the others are
 * invalid_grant, and the reuse revokes the grant, so even the winner's tokens stop working.
 */
async function expectOneRedemptionThenRevoked(redeem: () => ReturnType<typeof tokenRequest>) {
  const answers = await Promise.all(Array.from({ length: PARALLEL }, redeem));
  const issued = answers.filter((a) => a.status === 200);
  expect(issued).toHaveLength(1);
  for (const answer of answers.filter((a) => a.status !== 200)) {
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe("invalid_grant");
  }
  const [winner] = issued;
  expect(await isActive(String(winner!.body.access_token))).toBe(false);
  expect((await refresh(String(winner!.body.refresh_token))).body.error).toBe("invalid_grant");
}

describe("concurrent redemption", () => {
  it("redeems an authorization code once; the rest get invalid_grant and the grant is revoked", async () => {
    const { code, verifier } = await signIn();
    // A code used twice may have been stolen: what it produced stops working.
    await expectOneRedemptionThenRevoked(() => redeemCode(code, verifier));
  });

  it("rotates a refresh token once; the rest get invalid_grant and the grant is revoked", async () => {
    const { code, verifier } = await signIn();
    const first = await redeemCode(code, verifier);
    expect(first.status).toBe(200);

    await expectOneRedemptionThenRevoked(() => refresh(String(first.body.refresh_token)));
  });
});
