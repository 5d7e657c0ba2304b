import { createPrivateKey, sign as signBytes, type JsonWebKey } from "node:crypto";
import type { Server } from "node:http";
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Toolgate, type ToolCallEvent } from "../src/index.js";
import { createMcpHandler } from "../src/adapters/mcp-server.js";
import { createGateway } from "../src/gateway/gateway.js";
import { freePort } from "../../../apps/server/test/helpers/free-port.js";
import { startResearch, type Research } from "./helpers/research.js";
import { forger } from "./helpers/forge.js";
import { addressOf, call, closeServer, listen, researchMcpServer, rpc, type HandledCall } from "./helpers/research-mcp.js";
import { unprotectedResearchServer, type UpstreamRequest } from "./helpers/upstream-mcp.js";

/**
 * JWT attacks (RFC 8725, RFC 9068) against the SDK's MCP handler and the gateway, with the same
 * table: each forged token is refused with 401 before any handler or upstream sees the call.
 * (bad-input.test.ts covers alg none, HS256 key confusion, unknown kid, iss/aud/typ/exp/nbf.)
 */
let research: Research;
let toolgate: Toolgate;
let forge: Awaited<ReturnType<typeof forger>>;
const servers: Server[] = [];
const handled: HandledCall[] = [];
const seen: UpstreamRequest[] = [];
const events: ToolCallEvent[] = [];
const endpoints: Record<"sdk" | "gateway", string> = { sdk: "", gateway: "" };
let attacker: Awaited<ReturnType<typeof generateKeyPair>>;

beforeAll(async () => {
  research = await startResearch();
  forge = await forger(research.server);
  toolgate = await research.protect(events);
  attacker = await generateKeyPair("ES256", { extractable: true });
  const upstream = await listen(await freePort(), unprotectedResearchServer("json", seen, handled));
  servers.push(upstream);
  const sdk = await listen(research.port, createMcpHandler(toolgate, { server: () => researchMcpServer(handled), enableJsonResponse: true }));
  const gateway = await listen(await freePort(), createGateway(toolgate, { upstream: `${addressOf(upstream)}/mcp` }));
  servers.push(sdk, gateway);
  endpoints.sdk = research.resource;
  endpoints.gateway = `${addressOf(gateway)}/mcp`;
});
afterAll(async () => {
  for (const server of servers) await closeServer(server);
  await toolgate?.close();
  await research?.server.close();
});

const now = () => Math.floor(Date.now() / 1000);
const claims = (): JWTPayload => ({
  iss: research.server.url, aud: research.resource, sub: "forged", client_id: "forged", scope: "research:browse",
  jti: `j-${Math.random()}`, iat: now(), exp: now() + 300,
});
/** Signed by the attacker's own key, which the token's header points at or carries. */
async function selfSigned(header: Record<string, unknown>, payload: JWTPayload = claims()) {
  return new SignJWT(payload).setProtectedHeader({ alg: "ES256", typ: "at+jwt", ...header }).sign(attacker.privateKey);
}

/** Signed by Toolgate's own key with a header jose refuses to produce (unknown `crit`). */
function signedRaw(header: Record<string, unknown>): Promise<string> {
  const jwk = research.server.toolgate.deps.host.keys.jwks.keys.find((k: { kid?: string }) => k.kid === forge.kid) as JsonWebKey;
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const input = `${enc({ alg: "ES256", typ: "at+jwt", kid: forge.kid, ...header })}.${enc(claims())}`;
  const signature = signBytes("sha256", Buffer.from(input), { key: createPrivateKey({ key: jwk, format: "jwk" }), dsaEncoding: "ieee-p1363" });
  return Promise.resolve(`${input}.${signature.toString("base64url")}`);
}

const attacks: Array<[string, () => Promise<string>]> = [
  ["jwk header with the attacker's key", async () => selfSigned({ jwk: await exportJWK(attacker.publicKey), kid: forge.kid })],
  ["jku header pointing at the attacker's JWKS", () => selfSigned({ jku: "http://127.0.0.1:1/jwks.json", kid: forge.kid })],
  ["x5u header pointing at the attacker's certificate", () => selfSigned({ x5u: "http://127.0.0.1:1/cert.pem", kid: forge.kid })],
  ["Toolgate's kid, the attacker's signature", () => selfSigned({ kid: forge.kid })],
  ["kid injection: path traversal", () => selfSigned({ kid: "../../../../dev/null" })],
  ["kid injection: SQL", () => selfSigned({ kid: "' OR '1'='1" })],
  ["kid injection: NUL and a huge value", () => selfSigned({ kid: `a\u0000${"k".repeat(10_000)}` })],
  ["a foreign issuer with its own keys", () => selfSigned({ kid: "foreign" }, { ...claims(), iss: "https://evil.example.com" })],
  ["an unknown critical header", () => signedRaw({ crit: ["exp-magic"], "exp-magic": true })],
  ["a critical header naming a registered one", () => signedRaw({ crit: ["alg"] })],
  ["typ missing", () => forge.sign(research.resource, {}, { typ: undefined })],
  ["typ application/jwt", () => forge.sign(research.resource, {}, { typ: "application/jwt" })],
  ["aud as an array with only our audience twice and another", () => forge.sign(research.resource, { aud: [research.resource, research.resource, "https://x.example/mcp"] })],
  ["aud as an empty array", () => forge.sign(research.resource, { aud: [] })],
  ["exp far in the past", () => forge.sign(research.resource, { iat: now() - 86_400, exp: now() - 3_600 })],
  ["nbf in the future", () => forge.sign(research.resource, { nbf: now() + 3_600 })],
  ["exp as a string", () => forge.sign(research.resource, { exp: String(now() + 300) as unknown as number })],
  ["alg none spelled NONE", async () => `${Buffer.from(JSON.stringify({ alg: "NONE", typ: "at+jwt", kid: forge.kid })).toString("base64url")}.${Buffer.from(JSON.stringify(claims())).toString("base64url")}.`],
  ["a JWE-shaped token", async () => "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d"],
];

describe.each(["sdk", "gateway"] as const)("JWT attacks on the %s", (where) => {
  it.each(attacks)("%s is refused with 401 and reaches nothing", async (_name, make) => {
    handled.length = 0;
    seen.length = 0;
    const res = await rpc(endpoints[where], await make(), call("browse", { query: "x" }));
    expect(res.status, JSON.stringify(res.body)).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer /);
    expect(handled).toEqual([]);
    expect(seen).toEqual([]);
  });

  it("a genuine token passes (the table is not refusing everything), also when signed outside jose", async () => {
    expect((await rpc(endpoints[where], await signedRaw({}), call("browse", { query: "x" }))).status).toBe(200);
    const res = await rpc(endpoints[where], await research.token(research.analyst), call("browse", { query: "x" }));
    expect(res.status).toBe(200);
  });
});
