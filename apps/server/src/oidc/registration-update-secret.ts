import type { KoaContextWithOIDC } from "oidc-provider";
import type { SqlPool } from "../db/prisma.js";
import { verifyClientSecret } from "./client-secret.js";

const MAX_BODY = 56 * 1024; // oidc-provider's own limit

/**
 * RFC 7592 §2.2: a client that includes client_secret in an update must send its current secret.
 * oidc-provider compares it with the stored value in plain text, but Toolgate stores a hash; this
 * step verifies the secret against the hash first and hands oidc-provider the stored value when it
 * matches (and the wrong value when it does not, so oidc-provider refuses as the RFC requires).
 */
export function registrationUpdateSecret(pool: SqlPool) {
  return async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
    const match = ctx.method === "PUT" ? /^\/reg\/([^/]+)$/.exec(ctx.path) : null;
    if (!match || !ctx.is("application/json")) return next();
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of ctx.req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY) break;
      chunks.push(chunk as Buffer);
    }
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      body = undefined;
    }
    if (body && typeof body === "object" && typeof (body as { client_secret?: unknown }).client_secret === "string") {
      const clientId = decodeURIComponent(match[1]!);
      const { rows: [row] } = await pool.query<{ secret_hash: string | null }>("SELECT secret_hash FROM client WHERE id = $1", [clientId]);
      const given = (body as { client_secret: string }).client_secret;
      if (row?.secret_hash && verifyClientSecret(given, row.secret_hash)) (body as { client_secret: string }).client_secret = row.secret_hash;
    }
    // oidc-provider reads an already-parsed body from here (its body parser's documented fallback).
    (ctx.request as unknown as { body: unknown }).body = body ?? Buffer.concat(chunks).toString("utf8");
    return next();
  };
}
