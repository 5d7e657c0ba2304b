import { errors, type Client, type KoaContextWithOIDC } from "oidc-provider";
import { softwareFingerprint } from "../domain/registration-fingerprint.js";
import { findRegistrationBlock, REGISTRATION_BLOCKED_MESSAGE } from "../domain/registration-blocks.js";
import type { ProviderInputs } from "./oidc-deps.js";

/**
 * Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document-02, the MCP
 * authorization spec's preferred registration since 2025-11-25): a client_id that is an https URL
 * names its own metadata. oidc-provider fetches it (https only, 2.5 s timeout, 5 KiB, no
 * redirects, private and loopback addresses refused, cached per Cache-Control within 30 s..1 h)
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
 * oidc-provider's outgoing fetch. It arrives with an SSRF-guarding dispatcher that refuses
 * private, loopback and link-local addresses; only an explicit development setting removes it.
 */
export function cimdFetch({ config, fetch }: ProviderInputs) {
  const doFetch = fetch ?? globalThis.fetch;
  return (url: string | URL, options: RequestInit & { dispatcher?: unknown }) => {
    if (config.cimd.allowPrivateAddresses) delete options.dispatcher;
    return doFetch(url, options);
  };
}
