import type { FastifyInstance } from "fastify";
import { client as clientSchema, clientKeys, secretRotation, secretRotated } from "@toolgate/contracts";
import type { AppDeps } from "../http/app-deps.js";
import { notFound, ProductError } from "../errors/product-error.js";
import { adminChange, updateVersioned } from "./admin-change.js";
import { errorResponses, typed } from "./admin-route.js";
import { generateClientSecret, hashClientSecret } from "../oidc/client-secret.js";
import { clientIdParams, loadClient as load, validateClientMetadata } from "./clients-routes.js";

/**
 * How an application or agent authenticates: a secret (rotated with a grace period) or
 * private_key_jwt keys (RFC 7523). Self-registered clients keep the credentials they registered.
 */
export async function clientCredentialsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const { revocations, host } = deps;
  const r = typed(app);
  const validateMetadata = (metadata: Record<string, unknown>) => validateClientMetadata(host, metadata);

  r.put("/clients/:id/keys", {
    schema: {
      tags: ["clients"], summary: "Authenticate a confidential client with private_key_jwt (RFC 7523): set the public keys (jwks) or where to fetch them (jwksUri); its secret stops working",
      params: clientIdParams, body: clientKeys, response: { 200: clientSchema, ...errorResponses },
    },
  }, async (request) => {
    const { id } = request.params;
    const { jwks, jwksUri, version } = request.body;
    return adminChange(deps, request, "client.keys_set", async (tx) => {
      const row = await tx.client.findUnique({ where: { id } });
      if (!row) throw notFound("client");
      refuseSelfRegistered(row);
      const before = await load(tx, id);
      const { jwks: _jwks, jwks_uri: _jwksUri, ...rest } = row.metadata as Record<string, unknown>;
      if (rest.token_endpoint_auth_method === "none") {
        throw new ProductError(409, "resource.conflict", "a public client has no credentials; create a confidential client (an agent) instead");
      }
      const metadata = { ...rest, token_endpoint_auth_method: "private_key_jwt", ...(jwks ? { jwks } : { jwks_uri: jwksUri }) };
      // oidc-provider checks the keys themselves (usable public signing keys, https jwks_uri).
      await validateMetadata({ ...metadata, client_id: id });
      await updateVersioned(
        () => tx.client.findUnique({ where: { id } }),
        () => tx.client.updateMany({
          where: { id, version },
          data: { metadata: metadata as object, secretHash: null, previousSecretHash: null, previousSecretExpiresAt: null, version: { increment: 1 } },
        }),
        "client",
      );
      const after = await load(tx, id);
      return { result: after, target: id, before, after };
    });
  });

  r.post("/clients/:id/secret", {
    schema: {
      tags: ["clients"], summary: "Rotate a confidential client's secret (the new one is shown once; the old one works during the grace period)",
      params: clientIdParams, body: secretRotation, response: { 200: secretRotated, ...errorResponses },
    },
  }, async (request) => {
    const { id } = request.params;
    const secret = generateClientSecret();
    const now = new Date();
    const grace = request.body.graceSeconds;
    return adminChange(deps, request, "client.secret_rotated", async (tx) => {
      const row = await tx.client.findUnique({ where: { id } });
      if (!row) throw notFound("client");
      const metadata = row.metadata as Record<string, unknown>;
      // A private_key_jwt client given a secret goes back to client_secret_basic: its keys stop working.
      const fromKeys = !row.secretHash && metadata.token_endpoint_auth_method === "private_key_jwt";
      if (!row.secretHash && !fromKeys) throw new ProductError(409, "resource.conflict", "this client has no secret (a public client)");
      refuseSelfRegistered(row);
      const previousSecretExpiresAt = grace > 0 && !fromKeys ? new Date(now.getTime() + grace * 1000) : null;
      const { jwks: _jwks, jwks_uri: _jwksUri, ...withoutKeys } = metadata;
      await tx.client.update({
        where: { id },
        data: {
          ...(fromKeys ? { metadata: { ...withoutKeys, token_endpoint_auth_method: "client_secret_basic" } } : {}),
          secretHash: hashClientSecret(secret),
          previousSecretHash: previousSecretExpiresAt ? row.secretHash : null,
          previousSecretExpiresAt,
          secretRotatedAt: now,
          version: { increment: 1 },
        },
      });
      // Without a grace period the old secret is dead now, and so is every token it obtained;
      // with one, revocation/secret-grace.ts publishes the rule when the grace period ends.
      if (grace === 0) await revocations.revoke({ clientId: id }, "client secret rotated", { tx });
      return {
        result: { clientId: id, clientSecret: secret, previousSecretExpiresAt: previousSecretExpiresAt?.toISOString() ?? null },
        target: id,
        after: { rotatedAt: now.toISOString(), graceSeconds: grace },
      };
    });
  });
}

/** Self-registered clients authenticate as they registered (RFC 7592 is theirs to change it). */
function refuseSelfRegistered(row: { kind: string; builtIn: boolean }): void {
  if (row.kind === "dcr" || row.kind === "cimd") throw new ProductError(409, "resource.conflict", "a self-registered client's credentials are its own (RFC 7591); only applications and agents are given credentials here");
  if (row.builtIn) throw new ProductError(403, "resource.built_in", "the console's client has no credentials to change");
}
