import type { Tx } from "../db/prisma.js";

/**
 * A self-registered client an admin disabled or denied must not come back as a new client_id by
 * registering again (another loopback port, another Client ID Metadata Document URL with the same
 * content). Disabling or denying one blocks new registrations of the same software — the same
 * software fingerprint (registration-fingerprint.ts), or the same `software_id` when the
 * registrant sends one — until an admin lifts the block.
 *
 * Self-registration cannot prove who the software is: a registrant that changes its metadata is
 * not caught. Servers where that matters require approval of self-registered clients.
 */
export async function findRegistrationBlock(
  tx: Pick<Tx, "client">,
  software: { fingerprint: string; softwareId: string | undefined },
): Promise<{ id: string; name: string } | undefined> {
  const blocked = await tx.client.findFirst({
    where: {
      registrationBlocked: true,
      kind: { in: ["dcr", "cimd"] },
      OR: [{ softwareFingerprint: software.fingerprint }, ...(software.softwareId ? [{ softwareId: software.softwareId }] : [])],
    },
    select: { id: true, name: true },
    orderBy: { createdAt: "asc" },
  });
  return blocked ?? undefined;
}

export const REGISTRATION_BLOCKED_MESSAGE =
  "an administrator blocked registrations of this software; ask them to lift the block in the console (Clients)";

/** Blocks re-registration when an admin disables or denies a self-registered client. */
export async function blockRegistrationsLike(tx: Pick<Tx, "client">, clientId: string): Promise<boolean> {
  const { count } = await tx.client.updateMany({
    where: { id: clientId, kind: { in: ["dcr", "cimd"] }, registrationBlocked: false },
    data: { registrationBlocked: true },
  });
  return count > 0;
}
