import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/test-server.js";
import { createClient, createRole, createServerWithScopes } from "./helpers/fixtures.js";
import { basicAuth, json, tokenRequest } from "./helpers/oauth.js";
import { createSecretBox } from "../src/keys/secret-box.js";
import { rotateSigningKeys } from "../src/keys/signing-keys.js";

const RESOURCE = "https://research.example.com/mcp";
let server: TestServer;
let auth: string;

beforeAll(async () => {
  server = await startTestServer();
  const research = await createServerWithScopes(server.prisma, { resourceUri: RESOURCE, scopes: ["research:browse"] });
  const role = await createRole(server.prisma, "reader", [research.scopes[0]!.id]);
  const agent = await createClient(server.prisma, { id: "agent", kind: "agent", confidential: true, grantTypes: ["client_credentials"], roleIds: [role.id] });
  auth = basicAuth(agent.clientId, agent.clientSecret!);
});

afterAll(async () => {
  await server?.close();
});

const issue = async () => String((await tokenRequest(server.url, { grant_type: "client_credentials", resource: RESOURCE }, auth)).body.access_token);
const jwks = async (): Promise<JSONWebKeySet> => json(await fetch(`${server.url}/jwks`));
const verify = async (token: string) => jwtVerify(token, createLocalJWKSet(await jwks()), { issuer: server.url, audience: RESOURCE });
const rotate = (propagationSeconds: number) =>
  rotateSigningKeys(server.prisma, createSecretBox(server.toolgate.deps.secret, "signing-keys"), { propagationSeconds, maxTokenLifetime: 3600 });

describe("signing key rotation", () => {
  it("publishes the new key before it signs, then signs with it while old tokens keep verifying", async () => {
    const before = await issue();
    const oldKid = decodeProtectedHeader(before).kid;

    // Phase 1: published, not yet signing.
    const [newKid] = await rotate(3600);
    expect(await server.toolgate.deps.host.refresh()).toBe(true);
    expect((await jwks()).keys.map((k) => k.kid)).toEqual(expect.arrayContaining([oldKid, newKid]));
    expect(decodeProtectedHeader(await issue()).kid).toBe(oldKid);

    // Phase 2: a rotation that activates at once: signs with the newest key.
    const [activeKid] = await rotate(0);
    expect(await server.toolgate.deps.host.refresh()).toBe(true);
    const after = await issue();
    expect(decodeProtectedHeader(after).kid).toBe(activeKid);
    expect(activeKid).not.toBe(oldKid);

    // Tokens signed by the previous key still verify against the published set.
    await expect(verify(before)).resolves.toBeTruthy();
    await expect(verify(after)).resolves.toBeTruthy();
  });

  it("does not rebuild the provider when nothing changed", async () => {
    expect(await server.toolgate.deps.host.refresh()).toBe(false);
  });

  it("keeps private key material encrypted at rest", async () => {
    const rows = await server.prisma.signingKey.findMany();
    for (const row of rows) {
      expect(row.privateJwkEnc.startsWith("v1.")).toBe(true);
      expect(row.privateJwkEnc).not.toContain('"d"');
      expect(JSON.stringify(row.publicJwk)).not.toContain('"d"');
    }
  });
});
