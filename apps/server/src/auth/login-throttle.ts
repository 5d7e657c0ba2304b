import { isIPv6 } from "node:net";

/**
 * Password guessing limits an attacker cannot turn against the account's owner.
 *
 * - Locks are per (account, source): MAX_FAILURES wrong passwords in a row from one address (an
 *   IPv6 /64 counts as one) lock that address out of that account for LOCK_MINUTES, doubling with
 *   each further failure up to 24 h. Other addresses — the administrator's own — are not locked.
 * - Account-wide, failures slow every attempt on the account down (slowDownMs), whatever the
 *   address: an attacker spreading guesses over many addresses gets a few guesses a second at
 *   most, while the owner still gets in after a short wait. A success clears both.
 *
 * Locks are kept in this process (bounded); with several instances each keeps its own, and the
 * account-wide slow-down, counted in the database, still applies to all.
 */
export const MAX_FAILURES = 5;
const LOCK_MINUTES = 5;
const MAX_LOCK_MINUTES = 24 * 60;
const MAX_ENTRIES = 50_000;

export function sourceKey(ip: string): string {
  if (!isIPv6(ip) || ip.startsWith("::ffff:")) return ip;
  // The first four groups: one /64, which one host or network usually holds entirely.
  const [head = "", tail = ""] = ip.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = ip.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g || "0").join(":")}::/64`;
}

/** Delay before checking a password, from the account's consecutive failures (any source). */
export function slowDownMs(accountFailures: number): number {
  if (accountFailures < MAX_FAILURES) return 0;
  return Math.min(250 * 2 ** (accountFailures - MAX_FAILURES), 5_000);
}

export class LoginThrottle {
  readonly #entries = new Map<string, { failures: number; lockedUntil: number }>();

  #key(userId: string, ip: string): string {
    return `${userId}|${sourceKey(ip)}`;
  }

  /** When this source may try this account again (ms since epoch), if it is locked out now. */
  lockedUntil(userId: string, ip: string, now: number): number | undefined {
    const entry = this.#entries.get(this.#key(userId, ip));
    return entry && entry.lockedUntil > now ? entry.lockedUntil : undefined;
  }

  recordFailure(userId: string, ip: string, now: number): void {
    const key = this.#key(userId, ip);
    const entry = this.#entries.get(key) ?? { failures: 0, lockedUntil: 0 };
    entry.failures++;
    if (entry.failures >= MAX_FAILURES) {
      entry.lockedUntil = now + Math.min(LOCK_MINUTES * 2 ** (entry.failures - MAX_FAILURES), MAX_LOCK_MINUTES) * 60_000;
    }
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    // Oldest first: a flood of sources forgets the quietest, never grows without bound.
    while (this.#entries.size > MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value!);
  }

  recordSuccess(userId: string, ip: string): void {
    this.#entries.delete(this.#key(userId, ip));
  }

  /** An administrator unlocked the account: every source may try again. */
  clear(userId: string): void {
    for (const key of this.#entries.keys()) if (key.startsWith(`${userId}|`)) this.#entries.delete(key);
  }
}

/** The process's throttle. */
export const loginThrottle = new LoginThrottle();
