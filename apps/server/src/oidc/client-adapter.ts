import { errors, Provider, type Adapter, type AdapterPayload, type ClientMetadata } from "oidc-provider";
import type { SqlPool } from "../db/prisma.js";
import type { Client as ClientRow } from "../generated/prisma/client.js";
import { hashClientSecret, isClientSecretHash } from "./client-secret.js";
import type { ClientRegistrar } from "./client-registrar.js";
import { refuseInsecureMetadataDocumentId } from "./cimd.js";
import type { Logger } from "pino";

/**
 * oidc-provider's Client model is backed by the `client` table, the same rows admins manage.
 * - `find` serves every client kind except CIMD (oidc-provider resolves those from their metadata
 *   document, see cimd.ts); disabled clients do not exist as far as OAuth is concerned.
 * - `upsert` / `destroy` are called by Dynamic Client Registration (RFC 7591 / 7592) only; the
 *   secret oidc-provider generated is stored hashed and never returned again.
 */
const TOKEN_ROUTES = new Set(["authorization", "resume", "token", "pushed_authorization_request", "device_authorization"]);

export class ClientAdapter implements Adapter {
  constructor(
    private readonly pool: SqlPool,
    private readonly registrar: ClientRegistrar,
    private readonly log: Logger,
  ) {}

  async find(id: string): Promise<AdapterPayload | undefined> {
    // Hand-written SQL: runs on every token request (see db/hot-path.md).
    const { rows: [row] } = await this.pool.query<Pick<ClientRow, "id" | "kind" | "status" | "metadata" | "secretHash">>(
      `SELECT id, kind::text AS kind, status::text AS status, metadata, secret_hash AS "secretHash" FROM client WHERE id = $1`,
      [id],
    );
    if (!row) refuseInsecureMetadataDocumentId(id, this.log);
    if (!row || row.kind === "cimd" || row.status === "disabled") return undefined;
    if (row.status === "pending" && TOKEN_ROUTES.has(Provider.ctx?.oidc?.route ?? "")) {
      throw new errors.InvalidClient("client is pending approval by an administrator");
    }
    return toOidcMetadata(row) as AdapterPayload;
  }

  async upsert(id: string, payload: AdapterPayload): Promise<void> {
    const { client_secret: secret, ...metadata } = payload as ClientMetadata;
    const secretHash = typeof secret === "string"
      ? (isClientSecretHash(secret) ? secret : hashClientSecret(secret))
      : null;
    await this.registrar.saveRegistration(id, metadata, secretHash, Provider.ctx);
  }

  async destroy(id: string): Promise<void> {
    await this.registrar.deleteRegistration(id, Provider.ctx);
  }

  async findByUid(): Promise<undefined> { return undefined; }
  async findByUserCode(): Promise<undefined> { return undefined; }
  async consume(): Promise<void> {}
  async revokeByGrantId(): Promise<void> {}
}

export function toOidcMetadata(row: Pick<ClientRow, "id" | "metadata" | "secretHash">): ClientMetadata {
  return {
    ...(row.metadata as ClientMetadata),
    client_id: row.id,
    // The hash, compared by the compareClientSecret override (client-secret-check.ts).
    ...(row.secretHash ? { client_secret: row.secretHash, client_secret_expires_at: 0 } : {}),
  };
}
