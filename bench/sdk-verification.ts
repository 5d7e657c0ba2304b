import { exportJWK, generateKeyPair, jwtVerify, SignJWT } from "jose";
import { createToolgate } from "../packages/sdk/src/index.js";
import type { Comparison } from "./lib/compare.js";

const ISSUER = "https://toolgate.bench.invalid";
const RESOURCE = "https://research.bench.invalid/mcp";
const TOKENS = 1000;
const RULES = 200;
const ROUNDS = 15;
const ROUND_MS = 700;
const CONCURRENCY = 4;

/**
 * Access token verification per second, in process: `@toolgate/sdk`'s `verifyAccessToken`
 * (JWKS key lookup, RFC 9068 checks, revocation rules in memory, AuthInfo) against bare
 * `jose.jwtVerify` with the same local key and the same claim checks (iss, aud, typ, algorithms).
 * Same process, same tokens, alternating rounds, median of each side; the SDK's Toolgate is served
 * from memory through its `fetch` option (metadata, JWKS, a feed page with a few hundred rules for
 * other clients), so no HTTP is involved.
 *
 * The work is CPU-bound, so each round counts verifications per second of this process's CPU time
 * (`process.cpuUsage`, which includes the thread pool doing the signature math): on a shared
 * machine, wall-clock rates swing with whatever else runs, CPU cost per verification does not.
 */
export async function sdkVerification(): Promise<Comparison> {
  const { publicKey, privateKey } = await generateKeyPair("ES256");
  const kid = "bench-es256";
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig" };
  const now = Math.floor(Date.now() / 1000);
  const tokens = await Promise.all(
    Array.from({ length: TOKENS }, (_, i) =>
      new SignJWT({ client_id: `agent-${i % 10}`, scope: "research:browse research:export", act: { sub: "inspector" }, grant_id: `grant-${i}` })
        .setProtectedHeader({ alg: "ES256", typ: "at+jwt", kid })
        .setIssuer(ISSUER).setAudience(RESOURCE).setSubject(`user-${i}`).setJti(`jti-${i}`)
        .setIssuedAt(now).setExpirationTime(now + 3600)
        .sign(privateKey),
    ),
  );
  const feedPage = await new SignJWT({
    cursor: String(RULES),
    has_more: false,
    rules: Array.from({ length: RULES }, (_, i) => ({ id: String(i + 1), client_id: `revoked-${i}`, revoked_before: now, expires_at: now + 86_400 })),
  })
    .setProtectedHeader({ alg: "ES256", typ: "toolgate-revocations+jwt", kid })
    .setIssuer(ISSUER).setAudience(RESOURCE).setIssuedAt().setExpirationTime("1h")
    .sign(privateKey);

  const documents: Record<string, () => string> = {
    "/.well-known/oauth-authorization-server": () => JSON.stringify({ issuer: ISSUER, jwks_uri: `${ISSUER}/jwks` }),
    "/jwks": () => JSON.stringify({ keys: [jwk] }),
    "/api/revocations": () => feedPage,
    "/api/resources/metadata": () => JSON.stringify({ resource: RESOURCE, authorization_servers: [ISSUER], scopes_supported: [], bearer_methods_supported: ["header"], tools: [] }),
  };
  const toolgate = createToolgate({
    issuer: ISSUER,
    resource: RESOURCE,
    credentials: { clientId: "bench-server", clientSecret: "bench" },
    audit: false,
    // Fresh for the whole run: the bench measures verification, not polling.
    pollIntervalMs: 60_000,
    maxStalenessMs: 3_600_000,
    fetch: async (input) => {
      const doc = documents[new URL(String(input)).pathname];
      return doc ? new Response(doc(), { status: 200 }) : new Response("not found", { status: 404 });
    },
  });
  await toolgate.ready();

  const options = { issuer: ISSUER, audience: RESOURCE, typ: "at+jwt", algorithms: ["ES256"] };
  const bare = async (token: string) => !!(await jwtVerify(token, publicKey, options)).payload.sub;
  const sdk = async (token: string) => !!(await toolgate.verifyAccessToken(token)).clientId;
  try {
    await round(bare, 1000);
    await round(sdk, 1000);
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      a.push(await round(bare, ROUND_MS));
      b.push(await round(sdk, ROUND_MS));
    }
    return {
      name: "access token verification (in process, ES256, per CPU-second)",
      baseline: { label: "jose.jwtVerify, local key", perSecond: median(a), failed: 0 },
      subject: { label: "@toolgate/sdk verifyAccessToken", perSecond: median(b), failed: 0 },
    };
  } finally {
    await toolgate.close();
  }

  /** Verifications per CPU-second over `ms`, with CONCURRENCY verifications in flight. */
  async function round(verify: (token: string) => Promise<boolean>, ms: number): Promise<number> {
    let next = 0;
    let done = 0;
    const cpu = process.cpuUsage();
    const until = performance.now() + ms;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < until) {
          if (!(await verify(tokens[next++ % TOKENS]!))) throw new Error("a valid token was refused");
          done++;
        }
      }),
    );
    const used = process.cpuUsage(cpu);
    return done / ((used.user + used.system) / 1e6);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)]!;
}
