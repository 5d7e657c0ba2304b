import { request as httpRequest, type Server } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { NO_TOOL, type Toolgate, type ToolCallEvent } from "../src/index.js";
import { createMcpHandler } from "../src/adapters/mcp-server.js";
import { startResearch, type Research } from "./helpers/research.js";
import { forger } from "./helpers/forge.js";
import { call, closeServer, listen, researchMcpServer, rpc, type HandledCall } from "./helpers/research-mcp.js";

let research: Research;
let toolgate: Toolgate;
let http: Server;
let forge: Awaited<ReturnType<typeof forger>>;
let analystToken: string;
let jwksFetches = 0;
const handled: HandledCall[] = [];
const events: ToolCallEvent[] = [];

beforeAll(async () => {
  research = await startResearch();
  forge = await forger(research.server);
  toolgate = await research.protect(events, {
    maxBodyBytes: 64 * 1024,
    fetch: (input, init) => {
      if (String(input).endsWith("/jwks")) jwksFetches++;
      return fetch(input, init);
    },
  });
  http = await listen(research.port, createMcpHandler(toolgate, { server: () => researchMcpServer(handled), enableJsonResponse: true }));
  analystToken = await research.token(research.analyst);
});
afterAll(async () => {
  await closeServer(http);
  await toolgate?.close();
  await research?.server.close();
});
beforeEach(() => {
  handled.length = 0;
  events.length = 0;
});

const browse = call("browse", { query: "graphs" });
const prm = () => `resource_metadata="http://127.0.0.1:${research.port}/.well-known/oauth-protected-resource/mcp"`;

/** Asserts the refusal on the wire, that no handler ran, and that the tool call was audited as denied with this code. */
function expectRefused(res: Awaited<ReturnType<typeof rpc>>, status: number, code: string, bearerError?: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.error.data.code).toBe(code);
  const challenge = res.headers.get("www-authenticate");
  if (bearerError) {
    expect(challenge).toContain(`error="${bearerError}"`);
    expect(challenge).toContain(prm());
  }
  expect(handled).toEqual([]);
  expect(events.length).toBeGreaterThan(0);
  for (const e of events) {
    expect(e.decision).toBe("deny");
    expect(e.reason).toMatch(new RegExp(`^(${code}|batch_refused)`));
  }
}

describe("malformed Authorization", () => {
  it("answers 400 invalid_request for Bearer without a usable token", async () => {
    for (const header of ["Bearer", "Bearer    ", "Bearer !!!", "Bearer a\"b"]) {
      events.length = 0;
      const res = await rpc(research.resource, undefined, browse, { authorization: header });
      expectRefused(res, 400, "authorization_malformed", "invalid_request");
    }
  });

  it("answers another scheme like no token: 401, resource_metadata, no error code (RFC 6750 §3.1)", async () => {
    const res = await rpc(research.resource, undefined, browse, { authorization: "Basic dXNlcjpwYXNz" });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe(`Bearer scope="research:browse", ${prm()}`);
    expect(res.body.error.data.code).toBe("token_missing");
    expect(handled).toEqual([]);
    expect(events).toMatchObject([{ decision: "deny", tool: "browse", reason: expect.stringMatching(/^token_missing/) }]);
  });

  it("accepts the scheme name in any case", async () => {
    const res = await rpc(research.resource, undefined, browse, { authorization: `bEaReR ${analystToken}` });
    expect(res.status).toBe(200);
    expect(handled.map((h) => h.tool)).toEqual(["browse"]);
  });

  it("refuses several tokens, in one header or in two", async () => {
    const res = await rpc(research.resource, undefined, browse, { authorization: `Bearer ${analystToken}, Bearer ${analystToken}` });
    expectRefused(res, 400, "multiple_tokens", "invalid_request");

    events.length = 0;
    const twoHeaders = await new Promise<{ status: number; challenge: string | undefined; body: string }>((resolve, reject) => {
      const req = httpRequest(research.resource, { method: "POST", headers: { "content-type": "application/json", accept: "application/json, text/event-stream" } }, (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode!, challenge: res.headers["www-authenticate"], body }));
      });
      req.setHeader("authorization", [`Bearer ${analystToken}`, `Bearer ${analystToken}`]);
      req.on("error", reject);
      req.end(JSON.stringify(browse));
    });
    expect(twoHeaders.status).toBe(400);
    expect(twoHeaders.challenge).toContain('error="invalid_request"');
    expect(JSON.parse(twoHeaders.body).error.data.code).toBe("multiple_tokens");
    expect(handled).toEqual([]);
    // Regression (review: the two-headers refusal had no audit assertion).
    expect(events).toMatchObject([{ decision: "deny", tool: "browse", reason: expect.stringMatching(/^multiple_tokens/) }]);
    expect(events[0]).not.toHaveProperty("subject");
  });

  it("refuses a token in the query string, even next to a header", async () => {
    const res = await rpc(`${research.resource}?access_token=${analystToken}`, undefined, browse);
    expectRefused(res, 400, "token_in_query", "invalid_request");
    events.length = 0;
    expectRefused(await rpc(`${research.resource}?access_token=${analystToken}`, analystToken, browse), 400, "token_in_query", "invalid_request");
  });

  it("refuses an oversized token before parsing it", async () => {
    expectRefused(await rpc(research.resource, `${analystToken}${"A".repeat(5000)}`, browse), 401, "token_too_large", "invalid_token");
  });
});

describe("tokens that are not valid for this resource (401 invalid_token)", () => {
  const cases: [string, () => Promise<string>, string][] = [
    ["alg none", async () => forge.unsigned(research.resource), "alg_not_allowed"],
    ["HS256 with the public key as secret", () => forge.hmacWithPublicKey(research.resource), "alg_not_allowed"],
    ["a kid Toolgate never published", () => forge.signWithOwnKey(research.resource), "kid_unknown"],
    ["a forged signature", async () => `${(await forge.sign(research.resource)).slice(0, -6)}AAAAAA`, "signature_invalid"],
    ["another issuer", () => forge.sign(research.resource, { iss: "https://evil.example.com" }), "issuer_invalid"],
    ["another audience", () => forge.sign(research.resource, { aud: "https://other.example.com/mcp" }), "audience_invalid"],
    ["our audience with a trailing slash", () => forge.sign(research.resource, { aud: `${research.resource}/` }), "audience_invalid"],
    ["several audiences, ours included", () => forge.sign(research.resource, { aud: [research.resource, "https://other.example.com/mcp"] }), "audience_invalid"],
    ["typ JWT (an ID token, say)", () => forge.sign(research.resource, {}, { typ: "JWT" }), "typ_invalid"],
    ["the revocation feed's typ", () => forge.sign(research.resource, {}, { typ: "toolgate-revocations+jwt" }), "typ_invalid"],
    ["an expired token", () => forge.sign(research.resource, { iat: Math.floor(Date.now() / 1000) - 600, exp: Math.floor(Date.now() / 1000) - 60 }), "token_expired"],
    ["a token not valid yet", () => forge.sign(research.resource, { nbf: Math.floor(Date.now() / 1000) + 120 }), "token_not_yet_valid"],
    ["a token issued in the future", () => forge.sign(research.resource, { iat: Math.floor(Date.now() / 1000) + 120 }), "token_not_yet_valid"],
    ["no client_id", () => forge.sign(research.resource, { client_id: undefined }), "claims_invalid"],
    ["not a JWT", async () => "abc.def", "token_malformed"],
  ];
  for (const [name, make, code] of cases) {
    it(`refuses ${name}: ${code}`, async () => {
      expectRefused(await rpc(research.resource, await make(), browse), 401, code, "invalid_token");
    });
  }

  it("accepts a forged-for-test token that is right in every respect (the cases above differ in one thing only)", async () => {
    const res = await rpc(research.resource, await forge.sign(research.resource), browse);
    expect(res.status).toBe(200);
    expect(handled.map((h) => h.tool)).toEqual(["browse"]);
  });

  it("tolerates a little clock skew on exp", async () => {
    const now = Math.floor(Date.now() / 1000);
    const res = await rpc(research.resource, await forge.sign(research.resource, { iat: now - 300, exp: now - 2 }), browse);
    expect(res.status).toBe(200);
  });

  it("refetches the JWKS at most once per cooldown for a flood of unknown kids", async () => {
    const before = jwksFetches;
    const results = await Promise.all(Array.from({ length: 20 }, async (_, i) => rpc(research.resource, await forge.signWithOwnKey(research.resource, `flood-${i}`), browse)));
    expect(results.every((r) => r.status === 401 && r.body.error.data.code === "kid_unknown")).toBe(true);
    expect(jwksFetches - before).toBeLessThanOrEqual(1);
  });
});

describe("refusals of requests that call no tool are audited too", () => {
  // Regression (review: a bad token on initialize or tools/list was refused but not audited).
  const initialize = { jsonrpc: "2.0", id: "i1", method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "1" } } };
  const toolsList = { jsonrpc: "2.0", id: 7, method: "tools/list" };
  const now = () => Math.floor(Date.now() / 1000);
  const cases: [string, object, () => Promise<string | undefined>, number, string][] = [
    ["initialize with alg none", initialize, async () => forge.unsigned(research.resource), 401, "alg_not_allowed"],
    ["tools/list with an expired token", toolsList, () => forge.sign(research.resource, { iat: now() - 600, exp: now() - 60 }), 401, "token_expired"],
    ["tools/list with a token for another audience", toolsList, () => forge.sign(research.resource, { aud: "https://other.example.com/mcp" }), 401, "audience_invalid"],
    ["initialize without a token", initialize, async () => undefined, 401, "token_missing"],
  ];
  for (const [name, body, make, status, code] of cases) {
    it(`audits ${name}: ${code}, tool (none), the method in the reason`, async () => {
      const res = await rpc(research.resource, await make(), body);
      expect(res.status).toBe(status);
      expect(res.body.error.data.code).toBe(code);
      const method = (body as { method: string }).method;
      expect(events).toEqual([expect.objectContaining({
        type: "tool.call", decision: "deny", tool: NO_TOOL, resource: research.resource,
        reason: expect.stringMatching(new RegExp(`^${code}: .* \\(method ${method}\\)$`)),
        request_id: String((body as { id: unknown }).id),
      })]);
      expect(events[0]).not.toHaveProperty("subject");
      expect(handled).toEqual([]);
    });
  }

  it("audits a batch without tool calls, and a bodiless GET, with a bad token", async () => {
    const batch = await rpc(research.resource, await forge.unsigned(research.resource), [toolsList, { jsonrpc: "2.0", method: "notifications/initialized" }]);
    expect(batch.status).toBe(401);
    expect(events).toMatchObject([{ decision: "deny", tool: NO_TOOL, reason: expect.stringMatching(/^alg_not_allowed: .* \(methods tools\/list, notifications\/initialized\)$/) }]);

    events.length = 0;
    const get = await fetch(research.resource, { headers: { accept: "text/event-stream", authorization: "Bearer abc.def" } });
    expect(get.status).toBe(401);
    expect(events).toMatchObject([{ decision: "deny", tool: NO_TOOL, reason: expect.stringMatching(/^token_malformed: [^(]*$/) }]);
  });

  it("audits a refused tool call under its tool, not (none)", async () => {
    await rpc(research.resource, await forge.unsigned(research.resource), browse);
    expect(events).toMatchObject([{ decision: "deny", tool: "browse", reason: expect.stringMatching(/^alg_not_allowed/) }]);
  });
});

describe("bodies and calls", () => {
  it("refuses an oversized body with 413", async () => {
    const res = await rpc(research.resource, analystToken, call("browse", { query: "x".repeat(70 * 1024) }));
    expect(res.status).toBe(413);
    expect(res.body.error.data.code).toBe("request_too_large");
    expect(handled).toEqual([]);
    expect(events).toMatchObject([{ decision: "deny", tool: "(unknown)", reason: expect.stringMatching(/^request_too_large/), subject: research.analyst.id }]);
  });

  it("refuses a body that is not JSON-RPC with 400", async () => {
    for (const body of ["{not json", "[]", "42"]) {
      events.length = 0;
      const res = await rpc(research.resource, analystToken, body);
      expect(res.status, body).toBe(400);
      expect(res.body.error.data.code).toBe("request_malformed");
      expect(events).toMatchObject([{ decision: "deny", reason: expect.stringMatching(/^request_malformed/) }]);
    }
    expect(handled).toEqual([]);
  });

  it("answers an unknown tool with the JSON-RPC error of MCP tools §Error Handling", async () => {
    const res = await rpc(research.resource, analystToken, call("delete_everything", {}, "u1"));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ jsonrpc: "2.0", id: "u1", error: { code: -32602, message: "Unknown tool: delete_everything", data: { code: "tool_unknown" } } });
    expect(handled).toEqual([]);
    expect(events).toMatchObject([{ decision: "deny", tool: "delete_everything", reason: expect.stringMatching(/^tool_unknown/) }]);
  });

  it("answers arguments that violate the input schema with a tool execution error, before the handler", async () => {
    const bad = [{ query: 5 }, {}, { query: "x".repeat(201) }, { query: "ok", extra: true }, "not an object"];
    for (const args of bad) {
      events.length = 0;
      const res = await rpc(research.resource, analystToken, call("browse", args, 3));
      expect(res.status, JSON.stringify(args)).toBe(200);
      expect(res.body).toMatchObject({ jsonrpc: "2.0", id: 3, result: { isError: true, content: [{ type: "text", text: expect.stringMatching(/^Invalid arguments for tool browse/) }] } });
      expect(events).toMatchObject([{ decision: "deny", tool: "browse", reason: expect.stringMatching(/^arguments_invalid/) }]);
    }
    expect(handled).toEqual([]);
  });

  it("refuses a whole batch mixing allowed and out-of-scope calls: 403 for both, neither runs", async () => {
    const res = await rpc(research.resource, analystToken, [call("browse", { query: "a" }, 1), call("purge", {}, 2)]);
    expect(res.status).toBe(403);
    expect(res.headers.get("www-authenticate")).toContain('scope="research:browse research:export research:purge"');
    expect(handled).toEqual([]);
    expect(events.map((e) => [e.tool, e.decision, e.reason!.split(":")[0]])).toEqual([
      ["browse", "deny", "batch_refused"],
      ["purge", "deny", "insufficient_scope"],
    ]);
  });

  it("answers a batch mixing allowed calls and unknown tools with one answer each, running none", async () => {
    const res = await rpc(research.resource, analystToken, [call("browse", { query: "a" }, 1), call("nope", {}, 2), { jsonrpc: "2.0", method: "notifications/initialized" }]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject([
      { id: 1, error: { data: { code: "batch_refused" } } },
      { id: 2, error: { code: -32602, data: { code: "tool_unknown" } } },
    ]);
    expect(res.body).toHaveLength(2);
    expect(handled).toEqual([]);
  });

  it("runs a batch of allowed calls", async () => {
    const res = await rpc(research.resource, analystToken, [call("browse", { query: "a" }, 1), call("export", {}, 2)]);
    expect(res.status).toBe(200);
    expect(handled.map((h) => h.tool).sort()).toEqual(["browse", "export"]);
  });
});
