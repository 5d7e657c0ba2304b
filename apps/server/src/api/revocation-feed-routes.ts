import type { FastifyInstance } from "fastify";
import { importJWK, SignJWT } from "jose";
import { z } from "zod";
import type { AppDeps } from "../http/app-deps.js";
import { resourceServerAuthentication } from "./resource-server-auth.js";
import { MAX_ACCESS_TOKEN_TTL } from "../revocation/revocation-store.js";
import { wireRule } from "../revocation/revocation-rule.js";

export const REVOCATION_FEED_TYPE = "toolgate-revocations+jwt";
const RESEND_WINDOW_MS = 5_000;

/**
 * The revocation feed (docs/resource-server-api.md): what was revoked after a cursor, as a JWT
 * signed with the authorization server's current key, so a resource server can trust it as much
 * as the tokens themselves. Rules for other audiences are left out.
 */
export async function revocationFeedRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const { config, host, prisma, pool } = deps;
  resourceServerAuthentication(app, deps);
  const query = z.strictObject({
    after: z.string().regex(/^\d{1,19}$/, "must be a cursor from a previous answer, or 0").default("0"),
    limit: z.coerce.number().int().min(1).max(1000).default(500),
    /** The resource URI the caller is configured as (the SDK sends it): refused if it is not this server's any more. */
    resource: z.string().max(2048).optional(),
  });

  const keys = new Map<string, ReturnType<typeof importJWK>>();
  const signingKey = (kid: string) => {
    let key = keys.get(kid);
    if (!key) {
      key = importJWK(host.keys.jwks.keys.find((k) => k.kid === kid)!, "ES256");
      keys.set(kid, key);
    }
    return key;
  };

  app.get(`${config.basePath}/api/revocations`, { schema: { hide: true } }, async (request, reply) => {
    const parsed = query.safeParse(request.query);
    if (!parsed.success) {
      return reply.code(400).send({ code: "validation.failed", message: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") });
    }
    const { after, limit, resource } = parsed.data;
    const audience = request.resourceServer.resourceUri;
    if (resource !== undefined && resource !== audience) {
      // Its resource URI changed (every token for the old one is revoked): a verifier still
      // configured with the old URI must refuse every token, not keep its last view of the rules.
      return reply.code(403).send({ code: "auth.forbidden", message: `these credentials are the MCP server ${audience}'s, not ${resource}'s` });
    }
    // Ids are handed out at insert but rows commit a moment later, possibly out of order: rules
    // of the last few seconds are sent again (consumers dedupe by id) so none is skipped.
    const recent = new Date(Date.now() - RESEND_WINDOW_MS);
    const rows = await prisma.revocation.findMany({
      where: {
        AND: [
          { OR: [{ id: { gt: BigInt(after) } }, { createdAt: { gt: recent } }] },
          { OR: [{ audience: null }, { audience }] },
        ],
        expiresAt: { gt: new Date() },
      },
      orderBy: { id: "asc" },
      take: limit + 1,
    });
    const page = rows.slice(0, limit);
    // Not rules, but changes every verifier must see within the same bound (docs/resource-server-api.md):
    // the tool → scope map (a tool's scope changed) and the keys in force (a key withdrawn).
    const { rows: [catalog] } = await pool.query<{ v: string }>(
      `SELECT md5(coalesce(string_agg(t.name || chr(31) || s.name || chr(31) || t.read_only::text || chr(31) || coalesce(t.input_schema::text, ''),
                                      chr(30) ORDER BY t.name), '')) AS v
       FROM tool t JOIN scope s ON s.id = t.scope_id WHERE t.server_id = $1`,
      [request.resourceServer.serverId],
    );
    const cursor = page.reduce((max, r) => (r.id > max ? r.id : max), BigInt(after));

    const kid = host.keys.signing.ES256;
    const jwt = await new SignJWT({
      cursor: cursor.toString(),
      has_more: rows.length > limit,
      max_token_lifetime: MAX_ACCESS_TOKEN_TTL,
      tools_version: catalog!.v,
      kids: host.keys.jwks.keys.map((k) => k.kid),
      rules: page.map((r) => ({
        id: r.id.toString(),
        ...wireRule(r),
        expires_at: Math.floor(r.expiresAt.getTime() / 1000),
        reason: r.reason,
      })),
    })
      .setProtectedHeader({ alg: "ES256", kid, typ: REVOCATION_FEED_TYPE })
      .setIssuer(config.issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(await signingKey(kid));
    return reply.header("cache-control", "no-store").type("application/jwt").send(jwt);
  });
}
