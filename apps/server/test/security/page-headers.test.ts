import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/test-server.js";
import { createClient } from "../helpers/fixtures.js";
import { pkce } from "../helpers/oauth.js";

/** Clickjacking and caching headers on every HTML answer, oidc-provider's own pages included. */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  await createClient(server.prisma, { id: "headers-app" });
});
afterAll(async () => {
  await server?.close();
});

function expectPageHeaders(res: Response) {
  expect(res.headers.get("content-type")).toMatch(/text\/html/);
  expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  expect(res.headers.get("x-frame-options")).toBe("DENY");
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("referrer-policy")).toBe("no-referrer");
  expect(res.headers.get("cache-control")).toBe("no-store");
}

describe("HTML answers", () => {
  it.each([
    ["signed-out session end", "/session/end"],
    ["session end success", "/session/end/success"],
    ["an authorization error page", "/auth?client_id=unknown"],
    ["an interaction that does not exist", "/interaction/nope"],
    ["the account page", "/account"],
  ])("%s", async (_name, path) => {
    const res = await fetch(`${server.url}${path}`, { redirect: "manual" });
    if (res.status === 303 || res.status === 302) return expect(res.headers.get("x-frame-options")).toBe("DENY");
    expectPageHeaders(res);
  });

  it("form_post: framing refused, and only oidc-provider's own inline script may run", async () => {
    const url = new URL(`${server.url}/auth`);
    url.search = new URLSearchParams({
      client_id: "headers-app", redirect_uri: "http://127.0.0.1:7777/callback", response_type: "code", response_mode: "form_post",
      scope: "nothing-like-this", code_challenge: pkce().challenge, code_challenge_method: "S256", prompt: "none",
    }).toString();
    const res = await fetch(url, { redirect: "manual" });
    const html = await res.text();
    expect(html).toContain('<form method="post" action="http://127.0.0.1:7777/callback"');
    expectPageHeaders(res);
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toMatch(/script-src 'strict-dynamic' 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).toContain("default-src 'none'");
  });
});
