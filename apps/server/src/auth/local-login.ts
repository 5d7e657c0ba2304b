import type { Prisma } from "../db/prisma.js";
import { verifyAgainstDecoy, verifyPassword } from "./password.js";

/**
 * Email + password sign-in with per-account throttling: after MAX_FAILURES consecutive failures
 * the account is locked for LOCK_MINUTES, doubling with each further failure (capped). The result
 * never says whether the email exists; callers show one generic message.
 */
const MAX_FAILURES = 5;
const LOCK_MINUTES = 5;
const MAX_LOCK_MINUTES = 24 * 60;

export type LoginResult =
  | { ok: true; userId: string }
  | { ok: false; reason: "invalid_credentials" | "locked" | "disabled"; userId?: string };

export async function checkLocalLogin(prisma: Prisma, email: string, password: string, now = new Date()): Promise<LoginResult> {
  const user = await prisma.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!user || !user.passwordHash) {
    await verifyAgainstDecoy(password);
    return { ok: false, reason: "invalid_credentials" };
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    await verifyAgainstDecoy(password);
    return { ok: false, reason: "locked", userId: user.id };
  }
  const valid = await verifyPassword(password, user.passwordHash);
  if (!valid) {
    const failures = user.failedLogins + 1;
    const lockedUntil = failures >= MAX_FAILURES
      ? new Date(now.getTime() + Math.min(LOCK_MINUTES * 2 ** (failures - MAX_FAILURES), MAX_LOCK_MINUTES) * 60_000)
      : null;
    await prisma.user.update({ where: { id: user.id }, data: { failedLogins: failures, lockedUntil } });
    return { ok: false, reason: "invalid_credentials", userId: user.id };
  }
  if (user.status !== "active") return { ok: false, reason: "disabled", userId: user.id };
  await prisma.user.update({ where: { id: user.id }, data: { failedLogins: 0, lockedUntil: null, lastLoginAt: now } });
  return { ok: true, userId: user.id };
}
