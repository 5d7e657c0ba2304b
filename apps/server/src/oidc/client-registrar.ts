import { errors, type ClientMetadata, type KoaContextWithOIDC } from "oidc-provider";
import { registrationFingerprint, softwareFingerprint } from "../domain/registration-fingerprint.js";
import { findRegistrationBlock, REGISTRATION_BLOCKED_MESSAGE } from "../domain/registration-blocks.js";
import type { Metrics } from "../metrics/metrics.js";
import type { Prisma } from "../db/prisma.js";
import type { AuditLog } from "../audit/audit-log.js";
import type { RevocationStore } from "../revocation/revocation-store.js";
import { revokeClientAccess } from "../domain/client-access.js";

/**
 * Persists what Dynamic Client Registration (RFC 7591) and its management protocol (RFC 7592)
 * decide: a new client lands with no role of its own (the servers' default roles are its ceiling,
 * see domain/default-roles.ts), unless an admin blocked its software; every change is audited.
 */
export function createClientRegistrar({ prisma, audit, revocations, metrics }: { prisma: Prisma; audit: AuditLog; revocations: RevocationStore; metrics: Metrics }) {
  return {
    async saveRegistration(id: string, metadata: ClientMetadata, secretHash: string | null, ctx: KoaContextWithOIDC | undefined) {
      const name = typeof metadata.client_name === "string" ? metadata.client_name : "";
      const existing = await prisma.client.findUnique({ where: { id }, select: { kind: true, reregisteredAt: true } });
      if (existing) {
        refuseIfShared(existing, "update");
        await prisma.$transaction(async (tx) => {
          await tx.client.update({
            where: { id },
            data: {
              metadata: metadata as object,
              name,
              secretHash,
              // Re-registrations are recognised by what the client says now.
              ...(existing.kind === "dcr"
                ? { registrationFingerprint: registrationFingerprint(metadata as Record<string, unknown>) ?? null, softwareFingerprint: softwareFingerprint(metadata as Record<string, unknown>) }
                : {}),
              version: { increment: 1 },
            },
          });
          await audit.inTransaction(tx, { type: "client.updated", clientId: id, ip: ctx?.ip, reason: "RFC 7592 update" });
        });
        return;
      }
      const fingerprint = registrationFingerprint(metadata as Record<string, unknown>);
      const reusedId = await prisma.$transaction(async (tx) => {
        if (fingerprint && ctx) {
          // Identical registrations arriving together (a client retrying) must not both create one.
          await tx.$queryRaw`SELECT 1 FROM pg_advisory_xact_lock(hashtextextended(${fingerprint}, 0))`;
          const same = await tx.client.findFirst({ where: { registrationFingerprint: fingerprint, kind: "dcr" }, orderBy: { createdAt: "asc" } });
          if (same?.status === "disabled") {
            throw new errors.InvalidClientMetadata("an identical client was disabled by an administrator");
          }
          if (same) {
            await tx.client.update({ where: { id: same.id }, data: { reregisteredAt: new Date() } });
            return same.id;
          }
        }
        const software = softwareFingerprint(metadata as Record<string, unknown>);
        const softwareId = typeof metadata.software_id === "string" ? metadata.software_id : undefined;
        if (ctx) {
          const blocked = await findRegistrationBlock(tx, { fingerprint: software, softwareId });
          if (blocked) {
            audit.emit({ type: "client.registration_refused", clientId: blocked.id, ip: ctx.ip, decision: "deny", reason: "registrations of this software are blocked" });
            throw new errors.InvalidClientMetadata(REGISTRATION_BLOCKED_MESSAGE);
          }
        }
        await tx.client.create({
          data: {
            id,
            kind: "dcr",
            status: "active",
            name,
            metadata: metadata as object,
            secretHash,
            softwareId: softwareId ?? null,
            registrationFingerprint: fingerprint ?? null,
            softwareFingerprint: software,
            registeredIp: ctx?.ip ?? null,
          },
        });
        await audit.inTransaction(tx, {
          type: "client.registered",
          clientId: id,
          ip: ctx?.ip,
          details: { kind: "dcr", name, redirectUris: metadata.redirect_uris },
        });
        return undefined;
      });
      if (reusedId && ctx) {
        // Re-registration of the same software: answered with the existing client (see reregistration.ts).
        (ctx.state as RegistrationState).reusedClientId = reusedId;
        audit.emit({ type: "client.reregistered", clientId: reusedId, ip: ctx.ip, reason: "identical registration of a public client" });
        return;
      }
      metrics.registrations.inc({ kind: "dcr" });
    },

    async deleteRegistration(id: string, ctx: KoaContextWithOIDC | undefined) {
      const existing = await prisma.client.findUnique({ where: { id }, select: { reregisteredAt: true } });
      if (existing) refuseIfShared(existing, "delete");
      await prisma.$transaction(async (tx) => {
        await tx.client.delete({ where: { id } });
        await audit.inTransaction(tx, { type: "client.deleted", clientId: id, ip: ctx?.ip, reason: "RFC 7592 delete" });
        await revokeClientAccess(tx, revocations, id, "client deleted its registration");
      });
    },
  };
}

/**
 * A registration answered for several identical registrations belongs to none of them: whoever
 * sent the same metadata holds a registration access token for it, so letting one change the
 * redirect URIs or delete it would hand them the others' consents. Admins manage it instead
 * (RFC 7592 §2: 403 when the client may not change its record).
 */
function refuseIfShared(client: { reregisteredAt: Date | null }, action: "update" | "delete"): void {
  if (client.reregisteredAt) {
    throw new errors.InvalidRequest(`this registration is shared by identical registrations of the same software; an administrator may ${action} it`, 403);
  }
}

export type ClientRegistrar = ReturnType<typeof createClientRegistrar>;

/** Per-request state shared with the registration response rewrite (reregistration.ts). */
export interface RegistrationState {
  reusedClientId?: string;
}
