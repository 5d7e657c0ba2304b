import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createToolgate, ToolgateError, type Toolgate } from "../src/index.js";
import { startResearch, type Research, type Agent } from "./helpers/research.js";
import { forger } from "./helpers/forge.js";

let research: Research;
const started: Toolgate[] = [];

beforeAll(async () => {
  research = await startResearch();
});
afterAll(async () => {
  for (const t of started) await t.close();
  await research?.server.close();
});

function protect(options: Partial<Parameters<typeof createToolgate>[0]> = {}): Toolgate {
  const toolgate = createToolgate({
    issuer: research.server.url,
    resource: research.resource,
    credentials: research.credentials,
    audit: false,
    onError: () => {},
    ...options,
  });
  started.push(toolgate);
  return toolgate;
}

async function newAgent(name: string): Promise<Agent & { version: number }> {
  const c = (await research.api.post("/clients", { kind: "agent", name, authMethod: "client_secret_basic", grantTypes: ["client_credentials"], roleIds: [research.roles.analyst.id] })).body;
  return { id: c.id, secret: c.clientSecret, version: c.version };
}

const codeOf = (p: Promise<unknown>) => p.then(() => "accepted", (err: unknown) => (err instanceof ToolgateError ? err.code : `unexpected ${String(err)}`));

describe("revocation feed", () => {
  it("refuses a disabled client's token within the default bound (5 s), with no call to Toolgate per request", async () => {
    let calls = 0;
    const toolgate = protect({
      fetch: (input, init) => {
        calls++;
        return fetch(input, init);
      },
    });
    await toolgate.ready();
    const agent = await newAgent("Soon disabled");
    const token = await research.token(agent);
    expect(await codeOf(toolgate.verifyAccessToken(token))).toBe("accepted");

    const before = calls;
    for (let i = 0; i < 20; i++) await toolgate.verifyAccessToken(token);
    expect(calls - before).toBeLessThanOrEqual(1); // at most a feed poll that happened to fall in between

    const disabled = await research.api.patch(`/clients/${agent.id}`, { status: "disabled", version: agent.version });
    expect(disabled.status).toBe(200);
    const t0 = Date.now();
    let code = "accepted";
    while (code === "accepted" && Date.now() - t0 < 8000) {
      await new Promise((r) => setTimeout(r, 100));
      code = await codeOf(toolgate.verifyAccessToken(token));
    }
    const elapsed = Date.now() - t0;
    expect(code).toBe("token_revoked");
    expect(elapsed).toBeLessThanOrEqual(5000);
    expect(toolgate.status().revocationRules).toBeGreaterThan(0);
  });

  it("leaves other clients' tokens alone", async () => {
    const toolgate = protect();
    await toolgate.ready();
    expect(await codeOf(toolgate.verifyAccessToken(await research.token(research.analyst)))).toBe("accepted");
  });

  it("keeps valid tokens working through a Toolgate outage, with the revocations known (default)", async () => {
    let down = false;
    const toolgate = protect({
      pollIntervalMs: 100,
      maxStalenessMs: 300,
      fetch: (input, init) => (down ? Promise.reject(new TypeError("fetch failed: Toolgate is down")) : fetch(input, init)),
    });
    await toolgate.ready();
    const token = await research.token(research.analyst);
    const forge = await forger(research.server);
    down = true;
    await new Promise((r) => setTimeout(r, 600));
    expect(toolgate.status().revocationStale).toBe(true);
    expect(await codeOf(toolgate.verifyAccessToken(token))).toBe("accepted");
    // Never failing open: a key Toolgate cannot vouch for stays refused.
    expect(await codeOf(toolgate.verifyAccessToken(await forge.signWithOwnKey(research.resource)))).toBe("kid_unknown");
    down = false;
    await vi.waitFor(() => expect(toolgate.status().revocationStale).toBe(false), { timeout: 2000, interval: 50 });
  });

  it("with whenFeedStale: refuse, refuses with 503-class toolgate_unavailable when the feed is stale, and recovers", async () => {
    let down = false;
    const toolgate = protect({
      pollIntervalMs: 100,
      maxStalenessMs: 600,
      whenFeedStale: "refuse",
      fetch: (input, init) => (down ? Promise.reject(new TypeError("fetch failed: Toolgate is down")) : fetch(input, init)),
    });
    await toolgate.ready();
    const token = await research.token(research.analyst);
    const forge = await forger(research.server);
    expect(await codeOf(toolgate.verifyAccessToken(token))).toBe("accepted");

    down = true;
    // Within the bound: cached keys keep the valid token working; an unknown kid is refused, not fetched.
    expect(await codeOf(toolgate.verifyAccessToken(token))).toBe("accepted");
    expect(await codeOf(toolgate.verifyAccessToken(await forge.signWithOwnKey(research.resource)))).toBe("kid_unknown");

    await new Promise((r) => setTimeout(r, 900));
    const err = await toolgate.verifyAccessToken(token).catch((e: unknown) => e as ToolgateError);
    expect(err).toBeInstanceOf(ToolgateError);
    expect((err as ToolgateError).code).toBe("toolgate_unavailable");
    expect((err as ToolgateError).status).toBe(503);
    expect((err as ToolgateError).retryAfter).toBeGreaterThanOrEqual(1);

    down = false;
    await new Promise((r) => setTimeout(r, 400));
    expect(await codeOf(toolgate.verifyAccessToken(token))).toBe("accepted");
  });

  it("refuses every token before the first sync", async () => {
    const toolgate = protect({ fetch: (input, init) => (String(input).includes("/api/revocations") ? Promise.reject(new TypeError("no feed")) : fetch(input, init)) });
    const token = await research.token(research.analyst);
    expect(await codeOf(toolgate.verifyAccessToken(token))).toBe("toolgate_unavailable");
  });

  it("refuses everything with toolgate_unavailable while no key was ever loaded", async () => {
    const toolgate = protect({ revocation: "none", fetch: () => Promise.reject(new TypeError("Toolgate is down")) });
    expect(await codeOf(toolgate.verifyAccessToken(await research.token(research.analyst)))).toBe("toolgate_unavailable");
  });
});

describe("introspection mode", () => {
  it("refuses a disabled client's token at once", async () => {
    const toolgate = protect({ revocation: "introspection" });
    const agent = await newAgent("Introspected");
    const token = await research.token(agent);
    expect(await codeOf(toolgate.verifyAccessToken(token))).toBe("accepted");
    await research.api.patch(`/clients/${agent.id}`, { status: "disabled", version: agent.version });
    expect(await codeOf(toolgate.verifyAccessToken(token))).toBe("token_revoked");
  });

  it("refuses when Toolgate cannot be asked", async () => {
    let down = false;
    const toolgate = protect({ revocation: "introspection", fetch: (input, init) => (down ? Promise.reject(new TypeError("down")) : fetch(input, init)) });
    const token = await research.token(research.analyst);
    expect(await codeOf(toolgate.verifyAccessToken(token))).toBe("accepted");
    down = true;
    expect(await codeOf(toolgate.verifyAccessToken(token))).toBe("toolgate_unavailable");
  });
});
