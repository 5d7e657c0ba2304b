import { setTimeout as sleep } from "node:timers/promises";
import type { Prisma } from "../db/prisma.js";
import { verifyAgainstDecoy, verifyPassword } from "./password.js";
import { loginThrottle, slowDownMs, type LoginThrottle } from "./login-throttle.js";

/**
 * Email + password sign-in, throttled as login-throttle.ts describes: locks per (account, source
 * address), a slow-down per account. The result never says whether the email exists; callers
 * show one generic message.
 */
export type LoginResult =
  | { ok: true; userId: string }
  | { ok: false; reason: "invalid_credentials" | "locked" | "disabled"; userId?: string };

export interface LoginContext {
  /** The source address (request.ip). Without one, every attempt counts as one unknown source. */
  ip?: string;
  now?: Date;
  throttle?: LoginThrottle;
  /** How the slow-down waits (tests record it instead). */
  wait?: (ms: number) => Promise<unknown>;
}

export async function checkLocalLogin(prisma: Prisma, email: string, password: string, context: LoginContext | Date = {}): Promise<LoginResult> {
  const { ip = "unknown", now = new Date(), throttle = loginThrottle, wait = sleep } = context instanceof Date ? { now: context } : context;
  const user = await prisma.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!user || !user.passwordHash) {
    await verifyAgainstDecoy(password);
    return { ok: false, reason: "invalid_credentials" };
  }
  // An administrator's explicit lock (lockedUntil) holds for everyone; failures lock only their source.
  if ((user.lockedUntil && user.lockedUntil > now) || throttle.lockedUntil(user.id, ip, now.getTime())) {
    await verifyAgainstDecoy(password);
    return { ok: false, reason: "locked", userId: user.id };
  }
  const delay = slowDownMs(user.failedLogins);
  if (delay) await wait(delay);
  const valid = await verifyPassword(password, user.passwordHash);
  if (!valid) {
    throttle.recordFailure(user.id, ip, now.getTime());
    await prisma.user.update({ where: { id: user.id }, data: { failedLogins: { increment: 1 } } });
    return { ok: false, reason: "invalid_credentials", userId: user.id };
  }
  if (user.status !== "active") return { ok: false, reason: "disabled", userId: user.id };
  throttle.recordSuccess(user.id, ip);
  await prisma.user.update({ where: { id: user.id }, data: { failedLogins: 0, lockedUntil: null, lastLoginAt: now } });
  return { ok: true, userId: user.id };
}
