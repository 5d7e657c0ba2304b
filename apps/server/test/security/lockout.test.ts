import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, TEST_ADMIN, type TestServer } from "../helpers/test-server.js";
import { checkLocalLogin } from "../../src/auth/local-login.js";
import { LoginThrottle, slowDownMs, sourceKey } from "../../src/auth/login-throttle.js";

/**
 * Lockout an attacker cannot turn against the administrator (docs/security.md, "Sign-in"):
 * failures lock their source out of the account, not the account; account-wide they only slow
 * attempts down.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe("password lockout", () => {
  it("five wrong passwords from one address lock that address out, not the administrator elsewhere", async () => {
    const throttle = new LoginThrottle();
    const waits: number[] = [];
    const from = (ip: string) => ({ ip, throttle, wait: async (ms: number) => void waits.push(ms) });
    for (let i = 0; i < 5; i++) {
      expect(await checkLocalLogin(server.prisma, TEST_ADMIN.email, `wrong-${i}`, from("203.0.113.7"))).toMatchObject({ ok: false, reason: "invalid_credentials" });
    }
    // The attacker's address is locked out, even with the right password…
    expect(await checkLocalLogin(server.prisma, TEST_ADMIN.email, TEST_ADMIN.password, from("203.0.113.7"))).toMatchObject({ ok: false, reason: "locked" });
    // …its /64 neighbours too (one IPv6 host holds a whole /64)…
    expect(sourceKey("2001:db8:1:2::1")).toBe(sourceKey("2001:db8:1:2:ffff::9"));
    // …while the administrator, from their own address, signs in — after a short account-wide slow-down.
    expect(await checkLocalLogin(server.prisma, TEST_ADMIN.email, TEST_ADMIN.password, from("198.51.100.20"))).toMatchObject({ ok: true });
    expect(waits).toEqual([slowDownMs(5)]);
    expect(slowDownMs(5)).toBeGreaterThan(0);
    // Signing in elsewhere does not lift the attacker's lock.
    expect(await checkLocalLogin(server.prisma, TEST_ADMIN.email, TEST_ADMIN.password, from("203.0.113.7"))).toMatchObject({ ok: false, reason: "locked" });
  });

  it("the account-wide slow-down is bounded, and the per-source lock grows to 24 h at most", () => {
    expect(slowDownMs(4)).toBe(0);
    expect(slowDownMs(1_000)).toBe(5_000);
    const throttle = new LoginThrottle();
    const now = Date.now();
    for (let i = 0; i < 200; i++) throttle.recordFailure("u", "192.0.2.1", now);
    expect(throttle.lockedUntil("u", "192.0.2.1", now)! - now).toBe(24 * 60 * 60_000);
    expect(throttle.lockedUntil("u", "192.0.2.2", now)).toBeUndefined();
    throttle.clear("u");
    expect(throttle.lockedUntil("u", "192.0.2.1", now)).toBeUndefined();
  });
});

describe("account enumeration through sign-in", () => {
  it("known and unknown emails answer alike, in the same time (medians within noise)", async () => {
    const throttle = new LoginThrottle();
    const time = async (email: string) => {
      const started = process.hrtime.bigint();
      const result = await checkLocalLogin(server.prisma, email, "not-the-password", { ip: `192.0.2.${Math.floor(Math.random() * 250)}`, throttle, wait: async () => undefined });
      return { result, ms: Number(process.hrtime.bigint() - started) / 1e6 };
    };
    await server.prisma.user.update({ where: { email: TEST_ADMIN.email }, data: { failedLogins: 0 } });
    const known: number[] = [];
    const unknown: number[] = [];
    // Interleaved, so load on the machine hits both alike.
    for (let i = 0; i < 9; i++) {
      const k = await time(TEST_ADMIN.email);
      const u = await time(`nobody-${i}@example.com`);
      expect(k.result).toEqual({ ok: false, reason: "invalid_credentials", userId: expect.any(String) });
      expect(u.result).toEqual({ ok: false, reason: "invalid_credentials" });
      known.push(k.ms);
      unknown.push(u.ms);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    // Both are one scrypt verification (the decoy for unknown emails); a missing decoy would make
    // unknown emails answer in a few milliseconds, a tenth of the time or less.
    const ratio = median(unknown) / median(known);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
    await server.prisma.user.update({ where: { email: TEST_ADMIN.email }, data: { failedLogins: 0 } });
  });
});
