import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/test-server.js";
import { createClient, createRole, createServerWithScopes, createUser } from "./helpers/fixtures.js";
import { authorize, basicAuth, tokenRequest } from "./helpers/oauth.js";

const RESOURCE = "https://research.example.com/mcp";
const user = { email: "logs@example.com", password: "a-password-never-logged" };
const lines: string[] = [];
let server: TestServer;
let agentSecret: string;

beforeAll(async () => {
  server = await startTestServer({ env: { LOG_LEVEL: "trace" }, logStream: { write: (line) => void lines.push(line) } });
  const research = await createServerWithScopes(server.prisma, { resourceUri: RESOURCE, scopes: ["research:browse"] });
  const role = await createRole(server.prisma, "reader", [research.scopes[0]!.id]);
  await createClient(server.prisma, { id: "app", roleIds: [role.id] });
  agentSecret = (await createClient(server.prisma, { id: "agent", kind: "agent", confidential: true, grantTypes: ["client_credentials"], roleIds: [role.id] })).clientSecret!;
  await createUser(server.prisma, { ...user, roleIds: [role.id] });
});
afterAll(async () => {
  await server?.close();
});

describe("logs", () => {
  it("never contain a token, code, secret or password, even at trace level", async () => {
    const flow = await authorize(server.url, { clientId: "app", redirectUri: "http://127.0.0.1:7777/callback", resource: RESOURCE, user });
    const code = flow.callback.searchParams.get("code")!;
    const tokens = await tokenRequest(server.url, {
      grant_type: "authorization_code", code, code_verifier: flow.verifier, redirect_uri: "http://127.0.0.1:7777/callback", client_id: "app",
    });
    const machine = await tokenRequest(server.url, { grant_type: "client_credentials", resource: RESOURCE }, basicAuth("agent", agentSecret));
    await fetch(`${server.url}/token/introspection`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: basicAuth("agent", agentSecret) },
      body: new URLSearchParams({ token: String(tokens.body.access_token) }),
    });
    await server.toolgate.audit.flush();

    const secrets = [
      code,
      flow.verifier,
      String(tokens.body.access_token),
      String(tokens.body.refresh_token),
      String(machine.body.access_token),
      agentSecret,
      user.password,
    ];
    const all = lines.join("");
    expect(lines.length).toBeGreaterThan(10);
    for (const secret of secrets) expect(all).not.toContain(secret);
  });
});
