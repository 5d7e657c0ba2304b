import type { Logger } from "pino";
import type { Prisma } from "../db/prisma.js";
import type { RevocationStore } from "./revocation-store.js";

/**
 * When a rotated client secret's grace period ends, the old secret stops authenticating — and the
 * access tokens it may have obtained must stop working too, within the revocation bound: a rule
 * for the client's tokens issued up to the end of the grace period (tokens obtained with the new
 * secret meanwhile are covered as well; their client simply asks again). Each expired grace is
 * ended once, whichever instance gets to it first (SKIP LOCKED), in one transaction with its rule.
 */
export async function endExpiredSecretGrace(prisma: Prisma, revocations: RevocationStore): Promise<number> {
  return prisma.$transaction(async (tx) => {
    const ended = await tx.$queryRaw<{ id: string; ended_at: number }[]>`
      WITH due AS (
        SELECT id, previous_secret_expires_at FROM client
        WHERE previous_secret_expires_at IS NOT NULL AND previous_secret_expires_at <= (now() AT TIME ZONE 'UTC')
        FOR UPDATE SKIP LOCKED
      )
      UPDATE client c SET previous_secret_hash = NULL, previous_secret_expires_at = NULL
      FROM due WHERE c.id = due.id
      RETURNING c.id, extract(epoch FROM due.previous_secret_expires_at)::float8 AS ended_at`;
    for (const row of ended) {
      await revocations.revoke({ clientId: row.id }, "client secret rotated: grace period ended", {
        tx,
        issuedBefore: Math.floor(Number(row.ended_at)),
      });
    }
    return ended.length;
  });
}

/** Checks every `everyMs` (well inside the 5 s revocation bound). */
export function startSecretGraceExpiry(
  { prisma, revocations, log }: { prisma: Prisma; revocations: RevocationStore; log: Logger },
  everyMs = 1_000,
) {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const ended = await endExpiredSecretGrace(prisma, revocations);
      if (ended) log.info({ clients: ended }, "client secret grace periods ended; tokens of the old secrets revoked");
    } catch (err) {
      log.error({ err }, "could not end expired client secret grace periods");
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void run(), everyMs);
  timer.unref();
  return { run, stop: () => clearInterval(timer) };
}
