import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/test-server.js";
import { createClient, createRole, createServerWithScopes, createUser } from "./helpers/fixtures.js";
import { authorize, beginAuthorization, csrfFrom, form, json, pkce } from "./helpers/oauth.js";

/**
 * RFC 9207: `iss` on every authorization response — success and error, query and form_post —
 * so a client talking to several authorization servers can tell whose answer it got (mix-up).
 */
const RESOURCE = "https://iss.example.com/mcp";
const REDIRECT = "http://127.0.0.1:7777/callback";
const user = { email: "iss-user@example.com", password: "iss-user-password" };
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  const srv = await createServerWithScopes(server.prisma, { resourceUri: RESOURCE, scopes: ["iss:read"] });
  const role = await createRole(server.prisma, "iss-reader", [srv.scopes[0]!.id]);
  await createClient(server.prisma, { id: "iss-app", roleIds: [role.id] });
  await createUser(server.prisma, { ...user, roleIds: [role.id] });
});
afterAll(async () => {
  await server?.close();
});

const flow = (extra: Record<string, string> = {}, consent: "approve" | "deny" = "approve", scope = "iss:read") =>
  authorize(server.url, { clientId: "iss-app", redirectUri: REDIRECT, resource: RESOURCE, scope, user, consent, extra });

describe("iss in authorization responses (RFC 9207)", () => {
  it("is advertised", async () => {
    expect((await json(await fetch(`${server.url}/.well-known/oauth-authorization-server`))).authorization_response_iss_parameter_supported).toBe(true);
  });

  it.each([
    ["a code", () => flow(), "code"],
    ["access_denied after the user denies", () => flow({ prompt: "consent" }, "deny"), "error"],
    ["invalid_scope", () => flow({}, "approve", "nobody:read"), "error"],
    ["invalid_target for an unknown resource", () => authorize(server.url, { clientId: "iss-app", redirectUri: REDIRECT, resource: "https://unknown.example.com/mcp", scope: "iss:read", user }), "error"],
    ["invalid_request (a PKCE downgrade)", () => authorize(server.url, { clientId: "iss-app", redirectUri: REDIRECT, resource: RESOURCE, user, extra: { code_challenge_method: "plain" } }), "error"],
  ])("is on the redirect with %s", async (_name, run, param) => {
    const { callback } = await run();
    expect(callback.searchParams.get(param)).toBeTruthy();
    expect(callback.searchParams.get("iss")).toBe(server.url);
  });

  it("is in the form_post response, success and error", async () => {
    // Success: sign in and consent, then the final page posts code, state and iss to the client.
    const started = await beginAuthorization(server.url, { clientId: "iss-app", redirectUri: REDIRECT, resource: RESOURCE, scope: "iss:read", extra: { response_mode: "form_post" } });
    let res = await started.jar.fetch(`${started.pageUrl}/login`, { method: "POST", body: form({ email: user.email, password: user.password, csrf: csrfFrom(started.html) }) });
    for (let hops = 0; hops < 8 && (res.status === 302 || res.status === 303); hops++) {
      const next = new URL(res.headers.get("location")!, server.url).toString();
      res = await started.jar.fetch(next);
      if (res.status === 200 && next.includes("/interaction/")) {
        res = await started.jar.fetch(`${next}/confirm`, { method: "POST", body: form({ csrf: csrfFrom(await res.text()) }) });
      }
    }
    const page = await res.text();
    expect(page).toContain(`action="${REDIRECT}"`);
    expect(page).toMatch(/name="code" value="[^"]+"/);
    expect(page).toContain(`name="iss" value="${server.url}"`);

    // Error: answered at once, before any sign-in.
    const params = new URLSearchParams({
      client_id: "iss-app", redirect_uri: REDIRECT, response_type: "code", response_mode: "form_post", resource: RESOURCE, scope: "iss:read",
      code_challenge: pkce().challenge, code_challenge_method: "plain",
    });
    const error = await (await fetch(`${server.url}/auth?${params}`, { redirect: "manual" })).text();
    expect(error).toContain('name="error" value="invalid_request"');
    expect(error).toContain(`name="iss" value="${server.url}"`);
  });
});
