import { errors, type Client, type KoaContextWithOIDC } from "oidc-provider";
import { softwareFingerprint } from "../domain/registration-fingerprint.js";
import { findRegistrationBlock, REGISTRATION_BLOCKED_MESSAGE } from "../domain/registration-blocks.js";
import type { ProviderInputs } from "./oidc-deps.js";
import { ssrfSafeFetch } from "../http/ssrf-safe-fetch.js";

/**
 * Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document-02, the MCP
 * authorization spec's preferred registration since 2025-11-25): a client_id that is an https URL
 * names its own metadata. oidc-provider fetches it (https only, 2.5 s timeout, 5 KiB, no
 * redirects, cached per Cache-Control within 30 s..1 h) through cimdFetch below (private and
 * loopback addresses refused before connecting)
 * and checks that the document's client_id equals its URL. Toolgate adds: the client gets a row
 * in `client` (kind cimd) on first use — no role of its own, the servers' default roles are its
 * ceiling — so admins see and govern it like any other; a document for software an admin
 * blocked (registration-blocks.ts) is refused. The document passes the same policy as a Dynamic
 * Client Registration (registration-policy.ts): redirect URIs, auth method, grant types, bounded
 * display fields.
 */
export function clientIdMetadataDocument({ config, prisma, audit, metrics }: ProviderInputs) {
  return {
    enabled: config.cimd.enabled,
    ack: "draft-02",
    cacheDuration: { min: 30, max: 3600 },
    // Fetching a document for a client_id never seen before registers a client: limited per
    // address like Dynamic Client Registration, counted in the database so every instance agrees.
    async allowFetch(ctx: KoaContextWithOIDC | undefined, clientId: string) {
      if (!ctx?.ip) return true;
      if (await prisma.client.findUnique({ where: { id: clientId }, select: { id: true } })) return true;
      const recent = await prisma.client.count({
        where: { kind: "cimd", registeredIp: ctx.ip, createdAt: { gt: new Date(Date.now() - 60_000) } },
      });
      if (recent < config.registration.ratePerMinute) return true;
      ctx.set("Retry-After", "60");
      throw Object.assign(new errors.OIDCProviderError(429, "temporarily_unavailable"), {
        error_description: "too many new clients from this address; try again in a minute",
      });
    },
    async allowClient(ctx: KoaContextWithOIDC | undefined, client: Client) {
      const row = await prisma.client.findUnique({ where: { id: client.clientId }, select: { status: true } });
      if (row?.status === "disabled") throw new errors.InvalidClient("client is disabled");
      if (row?.status === "pending") throw new errors.InvalidClient("client is pending approval by an administrator");
      if (!row && (await registerCimdClient(prisma, audit, client, ctx?.ip))) metrics.registrations.inc({ kind: "cimd" });
      return true;
    },
  };
}

/**
 * A client_id that is an http URL looks like a metadata document but cannot be one: the draft
 * requires https (§3), whatever the development allowance for private addresses. Without this,
 * it would be an unknown client with no explanation; the refusal says why, on the error page and
 * in the log.
 */
export function refuseInsecureMetadataDocumentId(id: string, log: ProviderInputs["log"]): void {
  if (!/^http:\/\//i.test(id)) return;
  log.warn({ clientId: id }, "refused an http:// client_id: Client ID Metadata Documents must be served over https");
  throw new errors.InvalidClient(
    `client_id ${id} is an http URL: a Client ID Metadata Document must be served over https (draft-ietf-oauth-client-id-metadata-document §3); serve it over https, e.g. through a TLS tunnel in development`,
  );
}

/** True when this call registered it (a concurrent first use may have been first). */
async function registerCimdClient(prisma: ProviderInputs["prisma"], audit: ProviderInputs["audit"], client: Client, ip: string | undefined): Promise<boolean> {
  const metadata = client.metadata();
  const name = typeof metadata.client_name === "string" ? metadata.client_name.slice(0, 100) : new URL(client.clientId).host;
  return prisma.$transaction(async (tx) => {
    const exists = await tx.client.findUnique({ where: { id: client.clientId }, select: { id: true } });
    if (exists) return false;
    const { client_id: _url, ...described } = metadata as Record<string, unknown>;
    const software = softwareFingerprint(described);
    const softwareId = typeof metadata.software_id === "string" ? metadata.software_id : undefined;
    if (await findRegistrationBlock(tx, { fingerprint: software, softwareId })) {
      throw new errors.InvalidClient(REGISTRATION_BLOCKED_MESSAGE);
    }
    await tx.client.create({
      data: {
        id: client.clientId,
        kind: "cimd",
        name,
        metadata: metadata as object,
        registeredIp: ip ?? null,
        softwareId: softwareId ?? null,
        softwareFingerprint: software,
      },
    });
    await audit.inTransaction(tx, {
      type: "client.registered",
      clientId: client.clientId,
      ip,
      details: { kind: "cimd", name, redirectUris: metadata.redirect_uris },
    });
    return true;
  });
}

/**
 * oidc-provider's outgoing fetch (CIMD documents, clients' `jwks_uri`). oidc-provider's own guard
 * checks the peer after connecting; Toolgate's (ssrf-safe-fetch.ts) resolves and checks every
 * address before connecting, so its dispatcher replaces oidc-provider's. Only an explicit
 * development setting allows private addresses; tests inject their own fetch.
 */
export function cimdFetch({ config, fetch }: ProviderInputs) {
  const doFetch = recentFetches(fetch ?? (config.cimd.allowPrivateAddresses ? globalThis.fetch : ssrfSafeFetch));
  return (url: string | URL, options: RequestInit & { dispatcher?: unknown }) => {
    if (!fetch || config.cimd.allowPrivateAddresses) delete options.dispatcher;
    return doFetch(url, options);
  };
}

const RECENT_MS = 5_000;
const RECENT_MAX = 500;

/**
 * One fetch per URL every few seconds. oidc-provider caches good documents, not refused ones,
 * and looks a client up twice in a failing authorization request (once to check it, once to
 * decide where the error may go): without this a refused document was fetched twice per request,
 * and any caller could make Toolgate fetch a URL as often as it asks.
 */
function recentFetches(doFetch: typeof globalThis.fetch) {
  const recent = new Map<string, { at: number; response: Promise<Response> }>();
  return (url: string | URL, options: RequestInit) => {
    const key = String(url);
    const now = Date.now();
    for (const [k, v] of recent) if (now - v.at > RECENT_MS || recent.size > RECENT_MAX) recent.delete(k);
    const hit = recent.get(key);
    if (hit && (options.method ?? "GET") === "GET") return hit.response.then((r) => r.clone());
    const response = doFetch(url, options);
    // Kept unread (a clone), so the caller reads the original and a later hit reads a copy.
    const kept = response.then((r) => r.clone());
    kept.catch(() => undefined);
    recent.set(key, { at: now, response: kept });
    return response;
  };
}
