import { once } from "node:events";
import { Redis } from "ioredis";
import type { Logger } from "pino";

/**
 * The Redis connection for shared rate-limit counters. Start-up waits briefly for it; if Redis is
 * down, Toolgate starts anyway and limits lapse (logged) until it is back — rate limiting must not
 * take sign-in and registration down with it.
 */
export async function connectRedis(url: string, log: Logger, waitMs = 3000): Promise<Redis> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on("error", (err) => log.warn({ err: err.message }, "redis unavailable; rate limits lapse until it is back"));
  const ready = once(redis, "ready").then(() => true);
  const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), waitMs).unref());
  if (!(await Promise.race([ready, timeout]))) log.warn({ url: redactedUrl(url) }, "redis not ready yet; starting without shared rate limits");
  return redis;
}

function redactedUrl(url: string): string {
  const parsed = URL.parse(url);
  if (parsed?.password) parsed.password = "***";
  return parsed?.toString() ?? "(unparseable)";
}
