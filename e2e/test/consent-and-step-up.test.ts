import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeServer } from "../../packages/sdk/test/helpers/research-mcp.js";
import { startLoopback } from "../../packages/sdk/test/helpers/official-client.js";
import { sdkLabel, SDK_LINES, userHost, type CallOutcome, type SdkLine } from "../harness/official-clients.js";
import { startStack, type Stack } from "../harness/stack.js";

/**
 * What a user sees of consent and step-up with the official clients, unchanged (docs/tokens.md,
 * "Consent" and "Step-up"): no `prompt=consent` nor `offline_access` and still a refresh token; a
 * step-up that can never succeed ends on "This access can't be granted" and an `invalid_scope`
 * the client stops at; consent once for clients with an https redirect, every time for loopback.
 */

let stack: Stack;
let loopback: Awaited<ReturnType<typeof startLoopback>>;

beforeAll(async () => {
  stack = await startStack();
  loopback = await startLoopback();
});
afterAll(async () => {
  await closeServer(loopback?.server);
  await stack?.close();
});

const describeOutcome = (o: CallOutcome) => (o.ok ? `result${o.isError ? " (isError)" : ""}: ${o.text}` : `error: ${String(o.error)}`);
const CLIENT_METADATA = { grant_types: ["authorization_code", "refresh_token"], response_types: ["code"], token_endpoint_auth_method: "none" };

/** A DCR client on the loopback listener, through the example research server. */
async function dcrHost(line: SdkLine, label: string) {
  const user = await stack.createUser(label);
  return userHost({ line, resource: stack.targets.example.resource, user, redirectUrl: loopback.redirectUrl, received: loopback.received, clientName: `${sdkLabel(line)} (${label})` });
}

describe.each(SDK_LINES)("%s client, DCR", (line) => {
  it("asks without prompt=consent and offline_access, and the token response carries a refresh token", async () => {
    const host = await dcrHost(line, `${line} refresh`);
    const session = await host.connect();
    try {
      expect(host.provider.authorizationUrls).toHaveLength(1);
      const url = host.provider.authorizationUrls[0]!;
      expect(url.searchParams.get("prompt"), url.toString()).toBeNull();
      expect(url.searchParams.get("scope")?.split(" ") ?? [], url.toString()).not.toContain("offline_access");
      expect(host.browser[0]?.pages.map((p) => p.kind)).toEqual(["login", "consent"]);
      const token = host.log.find((e) => e.url.pathname === "/token");
      expect(token?.status, token?.errorBody).toBe(200);
      expect(token?.form?.get("grant_type")).toBe("authorization_code");
      expect(host.provider.savedTokens).toHaveLength(1);
      expect(host.provider.savedTokens[0]?.refresh_token).toEqual(expect.any(String));
      expect(host.provider.savedTokens[0]?.scope?.split(" ")).not.toContain("offline_access");
    } finally {
      await session.close();
    }
  });

  it("a step-up that can never succeed (analyst only, purge): the client is told invalid_scope and stops", async () => {
    const host = await dcrHost(line, `${line} ungrantable`);
    const session = await host.connect();
    try {
      expect(await session.listTools()).toEqual(["browse", "export"]);
      const asked = host.provider.authorizationUrls.length;
      const seen = host.browser.length;
      const from = session.log.length;
      const purge = await session.callTool("purge");
      const purges = session.log.slice(from).filter((e) => e.rpc === "tools/call");
      expect(purges.length, describeOutcome(purge)).toBeGreaterThan(0);
      for (const call of purges) {
        expect(call.status).toBe(403);
        expect(call.wwwAuthenticate).toMatch(/^Bearer error="insufficient_scope", scope="[^"]*research:purge[^"]*"/);
      }
      expect(purge.ok, describeOutcome(purge)).toBe(false);
      const authorizations = host.provider.authorizationUrls.slice(asked);
      if (line === "v1") {
        // v1 answers a 403 with a refresh only (docs/tokens.md): the same scopes, and it gives up.
        expect(authorizations).toHaveLength(0);
        expect(String(!purge.ok && purge.error)).toMatch(/403|insufficient|upscop/i);
        return;
      }
      // v2 re-authorizes once, asking for research:purge …
      expect(authorizations.map((u) => u.searchParams.get("scope")), describeOutcome(purge)).toHaveLength(1);
      expect(authorizations[0]!.searchParams.get("scope")?.split(" ")).toContain("research:purge");
      // … the user (still signed in) sees why it can't be granted, and goes back …
      const visit = host.browser.slice(seen);
      expect(visit).toHaveLength(1);
      expect(visit[0]!.errorPage, visit[0]!.errorPage?.html.slice(0, 500)).toBeUndefined();
      expect(visit[0]!.pages.map((p) => p.kind)).toEqual(["ungrantable"]);
      const page = visit[0]!.pages[0]!.html;
      expect(page).toContain("research:purge");
      expect(page).toMatch(/role/i);
      expect(page).not.toContain("Allow access?");
      // … the client receives invalid_scope with the reason, and the call fails with it.
      const callback = visit[0]!.redirectedTo!;
      expect(callback.searchParams.get("error")).toBe("invalid_scope");
      expect(callback.searchParams.get("error_description")).toContain("research:purge");
      expect(callback.searchParams.get("iss")).toBe(stack.toolgate.url);
      expect(callback.searchParams.get("state")).toBe(authorizations[0]!.searchParams.get("state"));
      const error = !purge.ok ? (purge.error as { code?: string; message?: string }) : {};
      expect(`${error.code} ${error.message}`, describeOutcome(purge)).toMatch(/invalid_scope/);
      expect(error.message).toContain("research:purge");
      expect(host.provider.authorizationUrls.length - asked, "no further authorization request").toBe(1);
      // The token it had still works for what the user may do.
      expect(await session.listTools()).toEqual(["browse", "export"]);
      expect(host.provider.authorizationUrls.length - asked).toBe(1);
    } finally {
      await session.close();
    }
  });
});

/**
 * Connects, forgets the tokens (the host lost them, or the grant ended) and connects again in the
 * same browser: the second authorization shows consent again, or not. Returns the page kinds seen.
 */
async function connectTwice(host: Awaited<ReturnType<typeof userHost>>): Promise<string[][]> {
  // The client asks for the 401's minimal scopes (the read-only tools'): purge comes by step-up.
  const first = await host.connect();
  expect(await first.listTools()).toEqual(["browse", "export"]);
  await first.close();
  host.provider.invalidateCredentials("tokens");
  const second = await host.connect();
  expect(await second.listTools()).toEqual(["browse", "export"]);
  await second.close();
  expect(host.provider.authorizationUrls).toHaveLength(2);
  for (const b of host.browser) expect(b.errorPage, b.errorPage?.html.slice(0, 500)).toBeUndefined();
  return host.browser.map((b) => b.pages.map((p) => p.kind));
}

type Kind = "pre-registered https" | "CIMD https" | "DCR loopback" | "CIMD loopback";
const CASES: { kind: Kind; second: string[] }[] = [
  { kind: "pre-registered https", second: [] },
  { kind: "CIMD https", second: [] },
  { kind: "DCR loopback", second: ["consent"] },
  { kind: "CIMD loopback", second: ["consent"] },
];

describe.each(SDK_LINES.flatMap((line) => CASES.map((c) => ({ line, ...c }))))("$line client, $kind redirect", ({ line, kind, second }) => {
  it(second.length ? "connecting a second time shows the consent page again" : "connecting a second time shows no consent page", async () => {
    const label = `${line} ${kind}`;
    // The user may be granted every scope the client asks for (a request with a scope that can't
    // be granted always shows a page, so the user sees why: docs/tokens.md "Consent").
    const user = await stack.createUser(label);
    await stack.grantAdmin("users", user.id);
    const https = kind.endsWith("https");
    // A hosted client's redirect: the browser is sent to its https callback, which the test
    // receives in place of the client's server (no request leaves the machine).
    const received: URL[] = https ? [] : loopback.received;
    const redirectUrl = https ? `https://connector.example/oauth/${randomUUID()}/callback` : loopback.redirectUrl;
    const deliver = async (url: URL) => (received.push(url), 200);
    const common = { line, resource: stack.targets.example.resource, user, redirectUrl, received, clientName: `${sdkLabel(line)} (${label})`, ...(https ? { deliver } : {}) };
    let host: Awaited<ReturnType<typeof userHost>>;
    if (kind === "pre-registered https") {
      const created = await stack.api.post("/clients", {
        name: common.clientName, authMethod: "none", redirectUris: [redirectUrl], grantTypes: ["authorization_code", "refresh_token"],
        roleIds: [stack.roles.analyst.id, stack.roles.researchAdmin.id],
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      host = await userHost({ ...common, preRegisteredClientId: created.body.id });
    } else if (kind.startsWith("CIMD")) {
      const clientMetadataUrl = stack.documents.publish(`${line}-${randomUUID()}`, { client_name: common.clientName, redirect_uris: [redirectUrl], ...CLIENT_METADATA });
      host = await userHost({ ...common, clientMetadataUrl });
    } else {
      host = await userHost(common);
    }
    const pages = await connectTwice(host);
    expect(pages, host.provider.authorizationUrls.map((u) => u.searchParams.get("scope")).join(" | ")).toEqual([["login", "consent"], second]);
    for (const b of host.browser) expect(b.redirectedTo?.origin).toBe(new URL(redirectUrl).origin);
    // Both authorizations by the same client.
    const [a, b] = host.provider.authorizationUrls;
    expect(b!.searchParams.get("client_id")).toBe(a!.searchParams.get("client_id"));
    expect(b!.searchParams.get("prompt")).toBeNull();
  });
});

/**
 * The common case the rows above leave out: the user holds only some of the server's scopes. The
 * 401 names the server's minimal scopes (its read-only tools': browse, export), so the client asks
 * for what the user can have, and a client with an https redirect reconnects without any page.
 * (A server that marks no tool read-only names every scope in its 401; such a user then sees
 * "This access can't be granted" at each reconnect and continues with the access it has —
 * docs/tokens.md "Step-up".)
 */
describe.each(SDK_LINES)("%s client, CIMD https redirect, a user with only the analyst role", (line) => {
  it("asks for the minimal scopes, and reconnecting shows no page", async () => {
    const user = await stack.createUser(`${line} partial reconnect`);
    const received: URL[] = [];
    const redirectUrl = `https://connector.example/oauth/${randomUUID()}/callback`;
    const clientName = `${sdkLabel(line)} (partial reconnect)`;
    const clientMetadataUrl = stack.documents.publish(`${line}-partial-${randomUUID()}`, { client_name: clientName, redirect_uris: [redirectUrl], ...CLIENT_METADATA });
    const host = await userHost({
      line, resource: stack.targets.example.resource, user, redirectUrl, received, clientName, clientMetadataUrl,
      deliver: async (url) => (received.push(url), 200),
    });
    const first = await host.connect();
    expect(await first.listTools()).toEqual(["browse", "export"]);
    await first.close();
    host.provider.invalidateCredentials("tokens");
    const second = await host.connect();
    expect(await second.listTools()).toEqual(["browse", "export"]);
    await second.close();
    const scopes = host.provider.authorizationUrls.map((u) => u.searchParams.get("scope")?.split(" ").sort().join(" "));
    expect(scopes).toEqual(["research:browse research:export", "research:browse research:export"]);
    expect(host.browser.map((b) => b.pages.map((p) => p.kind))).toEqual([["login", "consent"], []]);
    expect(host.provider.savedTokens.map((t) => t.scope?.split(" ").sort().join(" "))).toEqual(["research:browse research:export", "research:browse research:export"]);
  });
});
