import { generateKeyPairSync, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeServer } from "../../packages/sdk/test/helpers/research-mcp.js";
import { startLoopback, type Exchange } from "../../packages/sdk/test/helpers/official-client.js";
import { agentHost, issuedSecrets, sdkLabel, SDK_LINES, userHost, type CallOutcome, type SdkLine, type Session } from "../harness/official-clients.js";
import { startStack, type Stack, type Target, type User } from "../harness/stack.js";

/**
 * End to end, as a user and an admin meet Toolgate: the official MCP clients (v1 and v2) against
 * the example research server (the SDK in the server) and against the gateway in front of an
 * auth-free server, Toolgate on real PostgreSQL. For each client line × target × way of being a
 * client — Dynamic Client Registration, a Client ID Metadata Document, a client id the admin
 * pre-registered, an agent with a secret, an agent with a private_key_jwt key — one story:
 * sign in (or authenticate), the tools the caller may call are listed, `browse` runs, `purge` is
 * refused; the admin grants the research-admin role; the client steps up and `purge` runs; the
 * admin disables the client and its next call is refused within the SDK's 5 s revocation bound.
 */

/** The SDK's revocation bound (packages/sdk README, maxStalenessMs). */
const REVOCATION_BOUND_MS = 5000;

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

/**
 * Who the MCP server saw calling: the example's handlers name the caller from the SDK's auth info;
 * the auth-free server behind the gateway knows only the gateway's x-toolgate-subject header.
 */
function expectCaller(target: Target["name"], outcome: CallOutcome, subject: string, text: RegExp) {
  expect(outcome, describeOutcome(outcome)).toMatchObject({ ok: true, isError: false });
  const result = outcome.ok ? outcome.text : "";
  expect(result).toMatch(text);
  if (target === "example") expect(result).toContain(subject);
  else expect(stack.upstreamSeen.at(-1)?.["x-toolgate-subject"]).toBe(subject);
}

/** The tools/call exchanges for `tool`, with their status and challenge. */
const callsOf = (log: Exchange[], tool: string) =>
  log.filter((e) => e.rpc === "tools/call" && (e.json?.params as { name?: string } | undefined)?.name === tool);

const describeOutcome = (o: CallOutcome) => (o.ok ? `result${o.isError ? " (isError)" : ""}: ${o.text}` : `error: ${String(o.error)}`);

/** What every story asserts about a refused purge: Toolgate's 403 step-up challenge, and no purge ran. */
function expectPurgeRefused(outcome: CallOutcome, log: Exchange[], from: number) {
  const calls = callsOf(log.slice(from), "purge");
  expect(calls.length, describeOutcome(outcome)).toBeGreaterThan(0);
  for (const call of calls) {
    expect(call.status).toBe(403);
    expect(call.wwwAuthenticate).toMatch(/^Bearer error="insufficient_scope", scope="[^"]*research:purge[^"]*"/);
  }
  expect(outcome.ok && !outcome.isError && /purged/.test(outcome.text), describeOutcome(outcome)).toBe(false);
}

/**
 * Calls browse until the MCP server refuses the disabled client's token. A call may still be
 * allowed only if it started before the bound had passed; the refusal is 401 invalid_token ("the
 * token was revoked"). A 503 is the SDK failing closed because it could not sync the revocation
 * feed for 5 s (a starved machine): a refusal too, and the polling goes on until the 401.
 */
async function expectRefusedWithinBound(session: Session, disabledAt: number) {
  let outcome: CallOutcome;
  let refusal: Exchange | undefined;
  for (let attempt = 0; ; attempt++) {
    const from = session.log.length;
    const startedAt = Date.now();
    outcome = await session.callTool("browse", { query: `after disable ${attempt}` });
    if (outcome.ok && !outcome.isError) {
      expect(startedAt - disabledAt, `allowed ${startedAt - disabledAt} ms after the client was disabled: ${describeOutcome(outcome)}`).toBeLessThan(REVOCATION_BOUND_MS);
    } else {
      refusal = callsOf(session.log.slice(from), "browse")[0];
      if (refusal?.status !== 503) break;
    }
    expect(Date.now() - disabledAt, "no 401 within four times the bound").toBeLessThan(4 * REVOCATION_BOUND_MS);
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(refusal?.status, describeOutcome(outcome)).toBe(401);
  expect(refusal?.wwwAuthenticate).toMatch(/error="invalid_token"/);
  expect(refusal?.wwwAuthenticate).toMatch(/revoked/);
}

const TARGETS: Target["name"][] = ["example", "gateway"];
type UserRegistration = "DCR" | "CIMD" | "pre-registered";

describe.each(SDK_LINES.flatMap((line) => TARGETS.flatMap((target) => (["DCR", "CIMD", "pre-registered"] as const).map((registration) => ({ line, target, registration })))))(
  "$line client, $registration, signed-in user, through the $target",
  ({ line, target, registration }: { line: SdkLine; target: Target["name"]; registration: UserRegistration }) => {
    let user: User;
    let host: Awaited<ReturnType<typeof userHost>>;
    let session: Session;

    beforeAll(async () => {
      const name = `${sdkLabel(line)} (${registration}, ${target})`;
      user = await stack.createUser(`${line} ${registration} ${target}`);
      const resource = stack.targets[target].resource;
      const common = { line, resource, user, redirectUrl: loopback.redirectUrl, received: loopback.received, clientName: name };
      if (registration === "CIMD") {
        const clientMetadataUrl = stack.documents.publish(`${line}-${target}-${randomUUID()}`, {
          client_name: name, redirect_uris: [loopback.redirectUrl], grant_types: ["authorization_code", "refresh_token"],
          response_types: ["code"], token_endpoint_auth_method: "none",
        });
        host = await userHost({ ...common, clientMetadataUrl });
      } else if (registration === "pre-registered") {
        // The admin's own client: it may carry every research scope; the user's roles decide.
        const created = await stack.api.post("/clients", {
          name, authMethod: "none", redirectUris: [loopback.redirectUrl], grantTypes: ["authorization_code", "refresh_token"],
          roleIds: [stack.roles.analyst.id, stack.roles.researchAdmin.id],
        });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        host = await userHost({ ...common, preRegisteredClientId: created.body.id });
      } else {
        host = await userHost(common);
      }
    });
    afterAll(async () => session?.close().catch(() => {}));

    it("signs in (401 → metadata → authorization with PKCE → sign-in, consent) and lists the tools the user may call", async () => {
      session = await host.connect();
      expect(host.browser.map((b) => b.pages.map((p) => p.kind))[0]).toEqual(["login", "consent"]);
      if (registration === "DCR") expect(host.log.some((e) => e.url.pathname === "/reg" && e.status === 201)).toBe(true);
      else expect(host.log.some((e) => e.url.pathname === "/reg")).toBe(false);
      if (registration === "CIMD") expect(host.clientId()).toMatch(/^https:\/\/127\.0\.0\.1:\d+\//);
      expect(await session.listTools()).toEqual(["browse", "export"]);
    });

    it("browse runs for the user; purge is refused with a 403 step-up challenge", async () => {
      expectCaller(target, await session.callTool("browse", { query: "tokens" }), user.id, /result\(s\) for "tokens"/);
      const from = session.log.length;
      expectPurgeRefused(await session.callTool("purge"), session.log, from);
    });

    it("the admin grants the user research-admin; the client steps up (403 → re-authorization with research:purge) and purge runs", async () => {
      await stack.grantAdmin("users", user.id);
      // The host carries on with ordinary work first (a success also ends the v1 transport's
      // "same 403 challenge twice in a row" loop guard from the refusal above).
      expect(await session.listTools()).toContain("browse");
      const from = host.browser.length;
      const asked = host.provider.authorizationUrls.length;
      const saved = host.provider.savedTokens.length;
      const purge = await session.callTool("purge");
      // What happened, for the failure message: each authorization's requested scope and what the
      // browser saw, and the scope of each token the client saved.
      const steps = host.browser.slice(from).map((b, i) => `${host.provider.authorizationUrls[asked + i]?.searchParams.get("scope")} → ${b.pages.map((p) => p.kind).join("+") || (b.errorPage ? `error ${b.errorPage.status}` : "redirect")}`);
      const tokenScopes = host.provider.savedTokens.slice(saved).map((t) => t.scope);
      expect(purge, `${describeOutcome(purge)}; authorizations after the grant: ${JSON.stringify(steps)}; tokens saved after it: ${JSON.stringify(tokenScopes)}`).toMatchObject({ ok: true, isError: false });
      expectCaller(target, purge, user.id, /Index purged by/);
      expect(await session.listTools()).toEqual(["browse", "export", "purge"]);
    });

    it(`the admin disables the client: its next call is refused within ${REVOCATION_BOUND_MS / 1000} s`, async () => {
      const clientId = host.clientId();
      expect(clientId).toBeTruthy();
      const disabledAt = await stack.disableClient(clientId!);
      await expectRefusedWithinBound(session, disabledAt);
    });
  },
);

type AgentAuth = "secret" | "private_key_jwt";

describe.each(SDK_LINES.flatMap((line) => TARGETS.flatMap((target) => (["secret", "private_key_jwt"] as const).map((auth) => ({ line, target, auth })))))(
  "$line client, agent with client_credentials by $auth, through the $target",
  ({ line, target, auth }: { line: SdkLine; target: Target["name"]; auth: AgentAuth }) => {
    let agentId: string;
    let host: Awaited<ReturnType<typeof agentHost>>;
    let session: Session;

    beforeAll(async () => {
      const name = `${line} agent (${auth}, ${target})`;
      const base = { kind: "agent", name, grantTypes: ["client_credentials"], roleIds: [stack.roles.analyst.id] };
      const resource = stack.targets[target].resource;
      if (auth === "secret") {
        const created = await stack.api.post("/clients", { ...base, authMethod: "client_secret_basic" });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        agentId = created.body.id;
        host = await agentHost({ line, resource, clientId: agentId, credential: { secret: created.body.clientSecret } });
      } else {
        // RFC 7523 §2.2: the agent signs an assertion with its private key; Toolgate knows the public key.
        const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
        const kid = `e2e-${randomUUID()}`;
        const jwk = { ...publicKey.export({ format: "jwk" }), kid, alg: "ES256", use: "sig" };
        const created = await stack.api.post("/clients", { ...base, authMethod: "private_key_jwt", jwks: { keys: [jwk] } });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        agentId = created.body.id;
        host = await agentHost({ line, resource, clientId: agentId, credential: { privateKey: { ...privateKey.export({ format: "jwk" }), kid, alg: "ES256" }, algorithm: "ES256" } });
      }
    });
    afterAll(async () => session?.close().catch(() => {}));

    it("authenticates (401 → metadata → client_credentials with resource) and lists the tools its role allows", async () => {
      session = await host.connect();
      const token = host.log.find((e) => e.url.pathname === "/token");
      expect(token?.status, token?.errorBody).toBe(200);
      expect(token?.form?.get("grant_type")).toBe("client_credentials");
      if (auth === "private_key_jwt") {
        expect(token?.form?.get("client_assertion_type")).toBe("urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        expect(token?.form?.has("client_secret")).toBe(false);
      }
      expect(await session.listTools()).toEqual(["browse", "export"]);
    });

    it("browse runs as the agent; purge is refused with a 403 challenge", async () => {
      expectCaller(target, await session.callTool("browse", { query: "tokens" }), agentId, /result\(s\) for "tokens"/);
      const from = session.log.length;
      expectPurgeRefused(await session.callTool("purge"), session.log, from);
    });

    it("the admin grants the agent research-admin; its client asks for a token with research:purge and purge runs", async () => {
      await stack.grantAdmin("clients", agentId);
      expect(await session.listTools()).toContain("browse"); // ordinary work first, as above
      const purge = await session.callTool("purge");
      const tokens = host.log.filter((e) => e.url.pathname === "/token").map((e) => `${e.status} scope=${e.form?.get("scope") ?? "(none)"}`);
      expect(purge, `${describeOutcome(purge)}; token requests: ${JSON.stringify(tokens)}`).toMatchObject({ ok: true, isError: false });
      expectCaller(target, purge, agentId, /Index purged by/);
    });

    it(`the admin disables the agent: its next call is refused within ${REVOCATION_BOUND_MS / 1000} s`, async () => {
      const disabledAt = await stack.disableClient(agentId);
      await expectRefusedWithinBound(session, disabledAt);
    });
  },
);

// Last in the file: after every flow above has run.
describe("Toolgate's logs after every flow", () => {
  it("contain none of the passwords, secrets, codes and tokens of the run", () => {
    const issued = issuedSecrets();
    expect(issued.length).toBeGreaterThan(50);
    expect(stack.expectNoSecretsLogged(issued)).toBeGreaterThan(50);
  });
});
